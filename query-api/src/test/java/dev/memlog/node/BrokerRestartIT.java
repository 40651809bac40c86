package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.api.auth.ApiKeys;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster of a node goes away under load and comes back: the node keeps answering reads of what it
 * applied, says how fresh they are, and once the broker is back its projector resumes and applies every event
 * once.
 */
class BrokerRestartIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(BrokerRestartIT.class);
  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldServeReadsWhileTheBrokerIsDownAndApplyEveryEventOnceAfterItReturns() throws Exception {
    // Given a node on an external broker, with a heavy ingest in flight that the projector has applied in part
    var brokerConfig = new BrokerConfig(dir.resolve("kafka"), MemlogProcess.freePort(), PARTITIONS);
    var broker = opened.add(EmbeddedKafkaBroker.start(brokerConfig));
    var key = ApiKeys.newKey();
    var node = opened.add(MemlogNode.start(NodeTesting.onBroker(dir.resolve("node"), broker.bootstrapServers(),
        PARTITIONS, key, Map.of())));
    var http = new NodeHttp(node.httpPort(), Map.of(HeavyIngest.TENANT, key));
    var ingest = HeavyIngest.of(30, 400);
    var publisher = opened.add(new RetryingPublisher(broker.bootstrapServers(), PARTITIONS))
        .start(ingest.events(), 1_000, Duration.ofMillis(200), ingest.events().size() * 2 / 3);
    // (the conversation read below applied too: 1,000 events over three partitions need not include its own)
    var beforeStop = await().atMost(PATIENCE).until(() -> http.get("/health").json(),
        health -> NodeHttp.applied(health) >= 1_000 && health.at("/freshness/lag").asLong() > 0
            && http.get("/v1/tenants/acme/conversations/c-0/messages?limit=5").status() == 200);

    // When the broker stops while the ingest goes on
    broker.close();
    publisher.resume();

    // Then reads of what was applied are answered, with their freshness, for as long as it is down
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var messages = http.get("/v1/tenants/acme/conversations/c-0/messages?limit=5");
      assertThat(messages.status()).as(messages.text()).isEqualTo(200);
      assertThat(messages.json().path("messages").size()).isPositive();
      assertThat(messages.json().at("/freshness/partitions/0/appliedOffset").asLong()).isNotNegative();
      var search = http.get("/v1/tenants/acme/search?q=teapot");
      assertThat(search.status()).as(search.text()).isEqualTo(200);
      assertThat(search.json().path("hits").size()).isPositive();
      var summary = http.get("/v1/tenants/acme/conversations/c-0");
      assertThat(summary.status()).as(summary.text()).isEqualTo(200);
      var health = http.get("/health");
      assertThat(health.json().at("/freshness/partitions").size()).as(health.text()).isEqualTo(PARTITIONS);
    });
    LOGGER.atInfo().addKeyValue("appliedBeforeStop", NodeHttp.applied(beforeStop))
        .addKeyValue("healthWhileDown", http.get("/health").text()).log("broker down");

    // And when it comes back on the same port and log, the projector resumes and applies every event once
    long restartedAt = System.nanoTime();
    opened.addBeneath(EmbeddedKafkaBroker.start(brokerConfig));
    publisher.awaitDone(PATIENCE);
    await().atMost(PATIENCE).untilAsserted(() -> http.assertCaughtUp(ingest.events().size()));
    LOGGER.atInfo().addKeyValue("events", ingest.events().size())
        .addKeyValue("republishedAfterFailure", publisher.republished())
        .addKeyValue("restartToCaughtUpMs", Duration.ofNanos(System.nanoTime() - restartedAt).toMillis())
        .log("broker restart measured");
    assertThat(ReadModelCounts.of(dir.resolve("node"))).isEqualTo(ingest.expectedCounts());
    assertThat(node.checksum().ftsMatchesContent()).isTrue();
  }


}
