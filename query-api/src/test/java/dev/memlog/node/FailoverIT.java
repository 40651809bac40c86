package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of one of three nodes (one standby per shard) while events are published: the other two answer every
 * key again (from the standbys, then from the shards they take over), and once the log is applied nothing is lost
 * or counted twice.
 */
class FailoverIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(FailoverIT.class);
  private static final int PARTITIONS = 6;
  private static final int CONVERSATIONS = 12;
  private static final int MESSAGES = 40;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  private final ClusterKeys cluster = ClusterKeys.random();

  @Test
  void shouldAnswerEveryKeyAgainAndLoseNothingWhenANodeIsKilled() throws Exception {
    // Given two nodes in this JVM and one in its own, one standby per shard, and half of the events published
    var broker = opened.add(EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, PARTITIONS)));
    var first = opened.add(MemlogNode.start(NodeConfig.fromEnv(cluster.env(dir.resolve("a"), broker.bootstrapServers(), PARTITIONS, 0))));
    var second = opened.add(MemlogNode.start(NodeConfig.fromEnv(cluster.env(dir.resolve("b"), broker.bootstrapServers(), PARTITIONS, 0))));
    int victimPort = MemlogProcess.freePort();
    var victim = opened.add(MemlogProcess.start(List.of("node"), cluster.env(dir.resolve("c"), broker.bootstrapServers(), PARTITIONS, victimPort),
        Files.createDirectories(dir.resolve("logs")).resolve("c.log")));
    var victimHttp = cluster.http(victimPort);
    // the third node's HTTP port opens once it has started: until then, connecting fails
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      var served = new HashSet<>(first.shards().servedPartitions());
      served.addAll(second.shards().servedPartitions());
      var ready = victimHttp.get("/readyz");
      assertThat(ready.json().path("servedPartitions").size()).as(ready.text()).isPositive();
      ready.json().path("servedPartitions").forEach(partition -> served.add(partition.asInt()));
      assertThat(served).hasSize(PARTITIONS);
    });
    var ingest = HeavyIngest.of(CONVERSATIONS, MESSAGES);
    var publisher = opened.add(new RetryingPublisher(broker.bootstrapServers(), PARTITIONS))
        .start(ingest.events(), 200, Duration.ofMillis(20), ingest.events().size() / 2);
    var https = List.of(cluster.http(first.httpPort()), cluster.http(second.httpPort()));
    await().atMost(PATIENCE).untilAsserted(() -> everyKeyAnswers(https));

    // When the third node is killed (SIGKILL) and the rest of the events is published
    assertThat(victim.kill()).isEqualTo(MemlogProcess.SIGKILL_EXIT);
    long killedAt = System.nanoTime();
    publisher.resume();

    // Then the two others answer every key again, and once every event is applied, all of them exactly once
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> everyKeyAnswers(https));
    LOGGER.atInfo().addKeyValue("everyKeyReadableMs", Duration.ofNanos(System.nanoTime() - killedAt).toMillis())
        .log("failover measured");
    publisher.awaitDone(PATIENCE);
    await().atMost(PATIENCE).untilAsserted(() -> {
      for (var http : https) {
        for (int c = 0; c < CONVERSATIONS; c++) {
          var summary = http.get("/v1/tenants/acme/conversations/c-" + c);
          assertThat(summary.json().at("/conversation/messageCount").asLong()).as(summary.text())
              .isEqualTo(MESSAGES);
        }
      }
    });
    var checksum = https.get(0).checksum(PATIENCE);
    var expected = ingest.expectedCounts();
    assertThat(checksum.at("/rows/messages").asLong()).isEqualTo(expected.get("messages"));
    assertThat(checksum.at("/rows/conversations").asLong()).isEqualTo(expected.get("conversations"));
    assertThat(checksum.path("ftsMatchesContent").asBoolean()).isTrue();
    assertThat(https.get(1).get("/v1/admin/checksum").json().path("total"))
        .isEqualTo(checksum.path("total"));
  }

  private static void everyKeyAnswers(List<NodeHttp> https) {
    for (var http : https) {
      for (int c = 0; c < CONVERSATIONS; c++) {
        for (var path : List.of("/v1/tenants/acme/conversations/c-" + c,
            "/v1/tenants/acme/conversations/c-" + c + "/messages?limit=5")) {
          var answer = http.get(path);
          assertThat(answer.status()).as(path + " " + answer.text()).isEqualTo(200);
        }
      }
    }
  }
}
