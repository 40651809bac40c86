package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.api.auth.ApiKeys;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker of a running node stops: the node does not present the end offsets it remembers as current. Its
 * answers say when the broker last confirmed them and that their lag is unknown, it is neither healthy nor ready,
 * and HTTP ingest is refused at once instead of waiting for the broker. Once the broker is back, all is as before.
 */
class BrokerGoneIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String EVENT = """
      {"type":"message.appended.v2","eventId":"e-%s","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
       "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"%s","role":"user","content":"a red kettle"}""";

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldSayTheLagIsUnknownAndRefuseIngestAtOnceWhenTheBrokerIsGone() {
    // Given a node on an external broker, whose lag the broker confirms, with one event applied
    var brokerConfig = new BrokerConfig(dir.resolve("kafka"), MemlogProcess.freePort(), 2);
    var broker = opened.add(EmbeddedKafkaBroker.start(brokerConfig));
    var key = ApiKeys.newKey();
    var node = opened.add(MemlogNode.start(NodeTesting.onBroker(dir.resolve("node"), broker.bootstrapServers(), 2,
        key, Map.of("MEMLOG_END_OFFSETS_MAX_AGE_MS", "3000"))));
    var http = new NodeHttp(node.httpPort(), Map.of("acme", key));
    var written = http.post("/v1/tenants/acme/events", EVENT.formatted("1", "m-1"));
    assertThat(written.status()).as(written.text()).isEqualTo(202);
    await().atMost(PATIENCE).untilAsserted(() -> {
      var ready = http.get("/readyz");
      assertThat(ready.status()).as(ready.text()).isEqualTo(200);
      var read = http.get("/v1/tenants/acme/conversations/c-1");
      assertThat(read.status()).as(read.text()).isEqualTo(200);
      assertThat(read.json().at("/freshness/lag").isIntegralNumber()).as(read.text()).isTrue();
      assertThat(read.json().at("/freshness/lag").asLong()).isZero();
    });
    var confirmedBeforeStop = Instant.parse(http.get("/health").json().at("/freshness/endOffsetsConfirmedAt")
        .asText());

    // When the broker stops
    broker.close();
    opened.remove(broker);

    // Then the node's answers say the lag is unknown since the broker's last confirmation, and it is not ready
    await().atMost(PATIENCE).untilAsserted(() -> {
      var read = http.get("/v1/tenants/acme/conversations/c-1");
      assertThat(read.status()).as(read.text()).isEqualTo(200);
      assertThat(read.json().at("/freshness/lag").isNull()).as(read.text()).isTrue();
      assertThat(read.json().at("/freshness/partitions/0/lag").isNull()).as(read.text()).isTrue();
      var health = http.get("/health");
      assertThat(health.status()).as(health.text()).isEqualTo(503);
      assertThat(health.json().path("status").asText()).isEqualTo("DEGRADED");
      assertThat(Instant.parse(health.json().at("/freshness/endOffsetsConfirmedAt").asText()))
          .isAfterOrEqualTo(confirmedBeforeStop);
      assertThat(http.get("/readyz").status()).isEqualTo(503);
    });
    // and HTTP ingest is refused with Retry-After instead of waiting for the broker
    var refused = http.post("/v1/tenants/acme/events", EVENT.formatted("2", "m-2"));
    assertThat(refused.status()).as(refused.text()).isEqualTo(503);
    assertThat(refused.json().path("type").asText()).endsWith("broker-unreachable");
    assertThat(refused.json().path("detail").asText()).contains("nothing was published");

    // And when the broker is back, the lag is known again and the node is ready
    opened.addBeneath(EmbeddedKafkaBroker.start(brokerConfig));
    await().atMost(PATIENCE).untilAsserted(() -> {
      var ready = http.get("/readyz");
      assertThat(ready.status()).as(ready.text()).isEqualTo(200);
      assertThat(ready.json().at("/freshness/lag").asLong()).isZero();
    });
  }
}
