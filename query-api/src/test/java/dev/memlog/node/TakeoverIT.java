package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.api.auth.ApiKeys;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two nodes of one memory on one broker share the partitions; when one leaves, the other takes its partitions
 * over and restores their shards from the events topic before serving them, so nothing it applied is lost.
 */
class TakeoverIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(TakeoverIT.class);
  private static final int PARTITIONS = 4;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  private final String key = ApiKeys.newKey();

  @Test
  void shouldRestoreTheShardsOfANodeThatLeftFromTheEventsTopicAndLoseNothing() throws Exception {
    // Given two nodes with the same application id, each serving some partitions, and every event applied
    var broker = opened.add(EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, PARTITIONS)));
    var first = startNode("a", broker.bootstrapServers());
    var second = startNode("b", broker.bootstrapServers());
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(first.shards().servedPartitions()).isNotEmpty();
      assertThat(second.shards().servedPartitions()).isNotEmpty();
      var all = new HashSet<>(first.shards().servedPartitions());
      all.addAll(second.shards().servedPartitions());
      assertThat(all).hasSize(PARTITIONS);
    });
    var ingest = HeavyIngest.of(12, 40);
    opened.add(new RetryingPublisher(broker.bootstrapServers(), PARTITIONS))
        .start(ingest.events(), 500, Duration.ZERO, ingest.events().size()).awaitDone(PATIENCE);
    var leaving = first.shards().servedPartitions();
    await().atMost(PATIENCE).untilAsserted(() -> {
      long applied = first.shards().appliedOffsets().values().stream().mapToLong(o -> o.lastOffset() + 1).sum()
          + second.shards().appliedOffsets().values().stream().mapToLong(o -> o.lastOffset() + 1).sum();
      assertThat(applied).isGreaterThanOrEqualTo(ingest.events().size());
    });

    // When the first node leaves
    long leftAt = System.nanoTime();
    first.close();

    // Then the second serves every partition, with every event of the partitions it restored
    var http = new NodeHttp(second.httpPort(), Map.of(HeavyIngest.TENANT, key));
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(second.shards().servedPartitions()).hasSize(PARTITIONS);
      http.assertCaughtUp(ingest.events().size());
    });
    LOGGER.atInfo().addKeyValue("restoredPartitions", leaving)
        .addKeyValue("takeoverMs", Duration.ofNanos(System.nanoTime() - leftAt).toMillis()).log("takeover measured");
    assertThat(ReadModelCounts.of(dir.resolve("b"))).isEqualTo(ingest.expectedCounts());
    var checksum = second.checksum();
    assertThat(checksum.ftsMatchesContent()).isTrue();
    assertThat(checksum.partitions()).hasSize(PARTITIONS);
    for (int c = 0; c < 12; c++) {
      var summary = http.get("/v1/tenants/acme/conversations/c-" + c);
      assertThat(summary.status()).as(summary.text()).isEqualTo(200);
      assertThat(summary.json().at("/conversation/messageCount").asLong()).as(summary.text()).isEqualTo(40);
    }
  }

  private MemlogNode startNode(String name, String bootstrapServers) {
    return opened.add(MemlogNode.start(NodeConfig.fromEnv(Map.of(
        "MEMLOG_DATA_DIR", dir.resolve(name).toString(),
        "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers,
        "MEMLOG_PARTITIONS", "" + PARTITIONS,
        "MEMLOG_API_KEYS", HeavyIngest.TENANT + ":" + ApiKeys.hash(key)))));
  }
}
