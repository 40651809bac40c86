package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of a node (its own JVM, with its embedded broker) in the middle of a heavy ingest, a restart on the
 * same data dir, and a clean rebuild of the same log: the restarted node must hold every event once, exactly
 * what the rebuild gives.
 */
class CrashRecoveryIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(CrashRecoveryIT.class);
  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(180);
  private static final Pattern KEY_LINE = Pattern.compile("export MEMLOG_KEY_([A-Z0-9_]+)=(\\S+)");
  private static final Pattern REBUILT = Pattern.compile("Rebuilt ([\\d,]+) records in ([\\d.]+) s: ([\\d,]+) records/s");
  private static final Pattern TOTAL = Pattern.compile("total {10}(\\S+)");

  @TempDir Path dir;
  private Path logs;

  @AutoClose private final Resources opened = new Resources();

  @org.junit.jupiter.api.BeforeEach
  void logDir() throws IOException {
    // outside the temp dir, so that the nodes' logs outlive a failed run
    logs = Files.createDirectories(Path.of("target", "crash-recovery-it", "" + System.currentTimeMillis()));
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenTheNodeIsKilledMidIngest() throws Exception {
    // Given a node in its own JVM, and a heavy ingest in flight that the projector has applied only in part
    var dataDir = dir.resolve("node");
    var env = Map.of("MEMLOG_DATA_DIR", dataDir.toString(),
        "MEMLOG_HTTP_PORT", "" + MemlogProcess.freePort(),
        "MEMLOG_BROKER_PORT", "" + MemlogProcess.freePort(),
        "MEMLOG_PARTITIONS", "" + PARTITIONS);
    var first = startNode(env, "node-1.log");
    var keys = devKeys(dataDir);
    var http = new NodeHttp(Integer.parseInt(env.get("MEMLOG_HTTP_PORT")), keys);
    var ingest = HeavyIngest.of(40, 500);
    var publisher = opened.add(new RetryingPublisher("127.0.0.1:" + env.get("MEMLOG_BROKER_PORT"), PARTITIONS))
        .start(ingest.events(), 1_000, Duration.ofMillis(200), ingest.events().size() * 2 / 3);
    var atKill = await().atMost(PATIENCE).until(() -> http.get("/health").json(),
        health -> NodeHttp.applied(health) >= 1_000 && health.at("/freshness/lag").asLong() > 0);

    // When it is killed (SIGKILL: no shutdown hook, no flush, no commit) while the ingest goes on, and started
    // again on the same data dir
    int exit = first.kill();
    publisher.resume();
    LOGGER.atInfo().addKeyValue("applied", NodeHttp.applied(atKill)).addKeyValue("lag", atKill.at("/freshness/lag").asLong())
        .addKeyValue("published", publisher.submitted()).log("node killed");
    long restartedAt = System.nanoTime();
    startNode(env, "node-2.log");
    long upAt = System.nanoTime();
    publisher.awaitDone(PATIENCE);
    // what an agent whose acknowledgement got lost does: publish a part of the ingest again, same event ids
    var again = ingest.events().subList(0, 2_000);
    publisher.publishAgain(again);
    try {
      await().atMost(PATIENCE).untilAsserted(() -> http.assertCaughtUp(ingest.events().size() + again.size()));
    } catch (ConditionTimeoutException e) {
      LOGGER.atError().log("not caught up; broker state:\n{}",
          KafkaStateReport.of("127.0.0.1:" + env.get("MEMLOG_BROKER_PORT"), "memlog-projector"));
      throw e;
    }
    long caughtUpAt = System.nanoTime();

    // Then it holds every event once, and exactly what a clean rebuild of the log gives
    var live = ReadModelCounts.of(dataDir);
    var checksum = http.get("/v1/admin/checksum");
    assertThat(checksum.status()).as(checksum.text()).isEqualTo(200);
    var liveTotal = checksum.json().path("total").asText();
    assertThat(exit).isEqualTo(MemlogProcess.SIGKILL_EXIT);
    assertThat(live).as("the restarted node's read model").isEqualTo(ingest.expectedCounts());
    assertThat(checksum.json().path("ftsMatchesContent").asBoolean()).isTrue();
    stopNodes();

    var rebuild = rebuild(env);
    assertThat(ReadModelCounts.of(dataDir)).as("the rebuilt read model").isEqualTo(ingest.expectedCounts());
    assertThat(rebuild.total()).isEqualTo(liveTotal);
    LOGGER.atInfo()
        .addKeyValue("events", ingest.events().size())
        .addKeyValue("republishedAfterFailure", publisher.republished())
        .addKeyValue("publishedAgainOnPurpose", again.size())
        .addKeyValue("appliedAtKill", NodeHttp.applied(atKill))
        .addKeyValue("restartToServingMs", millis(upAt - restartedAt))
        .addKeyValue("restartToCaughtUpMs", millis(caughtUpAt - restartedAt))
        .addKeyValue("rebuildRecords", rebuild.records())
        .addKeyValue("rebuildSeconds", rebuild.seconds())
        .addKeyValue("rebuildRecordsPerSecond", rebuild.recordsPerSecond())
        .addKeyValue("kafkaBytes", size(dataDir.resolve("kafka")))
        .addKeyValue("sqliteBytes", size(dataDir.resolve("streams")))
        .log("crash recovery measured");
  }

  private MemlogProcess startNode(Map<String, String> env, String log) {
    var node = opened.add(MemlogProcess.start(List.of("node"), env, logs.resolve(log)));
    var http = new NodeHttp(Integer.parseInt(env.get("MEMLOG_HTTP_PORT")), Map.of());
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      assertThat(node.alive()).as(node.output()).isTrue();
      var health = http.get("/health");
      assertThat(health.status()).as(health.text()).isEqualTo(200);
    });
    return node;
  }

  private void stopNodes() throws InterruptedException {
    for (var resource : opened.all()) {
      if (resource instanceof MemlogProcess node && node.alive()) {
        assertThat(node.stop()).as(node.output()).isEqualTo(143);
      }
    }
  }

  private Rebuild rebuild(Map<String, String> nodeEnv) throws InterruptedException {
    var env = new HashMap<>(nodeEnv);
    env.put("MEMLOG_BROKER_PORT", "" + MemlogProcess.freePort());
    try (var process = MemlogProcess.start(List.of("rebuild", "--no-http"), env, logs.resolve("rebuild.log"))) {
      assertThat(process.waitFor(PATIENCE)).as(process.output()).isZero();
      var output = process.output();
      var rebuilt = REBUILT.matcher(output);
      var total = TOTAL.matcher(output);
      assertThat(rebuilt.find() && total.find()).as(output).isTrue();
      return new Rebuild(number(rebuilt.group(1)), Double.parseDouble(rebuilt.group(2)), number(rebuilt.group(3)),
          total.group(1));
    }
  }

  private record Rebuild(long records, double seconds, long recordsPerSecond, String total) {}

  /** The development keys the first start wrote, as {@code tenant → key}. */
  private static Map<String, String> devKeys(Path dataDir) throws IOException {
    var keys = new HashMap<String, String>();
    for (var line : Files.readAllLines(dataDir.resolve("dev-keys.env"))) {
      var matcher = KEY_LINE.matcher(line);
      if (matcher.matches()) {
        keys.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
      }
    }
    assertThat(keys).containsKeys("acme", "admin");
    return keys;
  }


  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  private static long millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  private static long size(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
