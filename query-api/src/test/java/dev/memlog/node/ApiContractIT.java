package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.api.ApiContract;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.importer.JsonlImporter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the OpenAPI document, asked of a real node holding the demo memory and a dead letter: each
 * answer (200s and problems) is checked against the document's closed schemas by {@link NodeHttp}, and every
 * documented operation must have been answered at least once.
 */
class ApiContractIT {

  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String DEMO = "dev/memlog/demo/memory.jsonl";
  private static final String EVENT = """
      [{"type":"message.appended.v2","eventId":"contract-1","source":{"agentId":"it"},"conversationId":"c-contract",
        "messageId":"m-1","role":"user","content":"is the contract kept","tokenCount":4}]""";

  @TempDir Path dir;
  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldAnswerEveryDocumentedOperationAsTheDocumentSays() throws Exception {
    var node = opened.add(NodeTesting.startNode(dir.resolve("node"), PARTITIONS));
    var http = new NodeHttp(node);
    var anonymous = new NodeHttp(node, null);
    var otherTenant = new NodeHttp(node, node.createdKeys().get("globex"));
    long records = loadDemo(node) + publishDeadLetter(node);
    await().atMost(PATIENCE).untilAsserted(() -> http.assertCaughtUp(records));

    var acme = "/v1/tenants/acme";
    for (var read : List.of("/conversations/c-1001", "/conversations/c-1001/messages?limit=3",
        "/search?q=kettle+delivery", "/entities?name=order", "/entities/order-5531",
        "/entities/order-5531/relations", "/entities/order-5531/neighbours", "/entities/product-kettle-red/mentions")) {
      assertThat(http.get(acme + read).status()).as(read).isEqualTo(200);
      assertThat(anonymous.get(acme + read).status()).as(read).isEqualTo(401);
      assertThat(otherTenant.get(acme + read).status()).as(read).isEqualTo(403);
    }
    for (var missing : List.of("/conversations/c-1005", "/entities/e-nope/relations")) {
      assertThat(http.get(acme + missing).status()).as(missing).isEqualTo(404);
    }
    assertThat(http.get(acme + "/search?q=kettle&limit=0").status()).isEqualTo(400);
    var written = http.post(acme + "/events", EVENT);
    assertThat(written.status()).as(written.text()).isEqualTo(202);
    assertThat(http.post(acme + "/events", EVENT.replace("\"role\":\"user\",", "")).status()).isEqualTo(400);
    assertThat(http.get(acme + "/conversations/c-contract?waitMs=10000&after="
        + written.json().path("token").asText()).status()).isEqualTo(200);
    assertThat(http.get("/v1/freshness").status()).isEqualTo(200);
    var deadLetters = http.get("/v1/admin/dead-letters?limit=1");
    assertThat(deadLetters.json().path("deadLetters")).as(deadLetters.text()).hasSize(1);
    assertThat(http.get("/v1/admin/checksum").status()).isEqualTo(200);
    for (var path : List.of("/health", "/livez", "/readyz", "/metrics", "/openapi.yaml", "/openapi.json",
        "/asyncapi.yaml", "/asyncapi.json", "/schemas", "/schemas/message.appended.v2.json")) {
      assertThat(http.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(http.get("/schemas/nope.v1.json").status()).isEqualTo(404);
    assertThat(http.post("/health").status()).isEqualTo(405);
    assertThat(http.post("/v1/admin/partitions/0/rebuild").status()).isEqualTo(202);

    var answered = new TreeSet<String>();
    for (var client : List.of(http, anonymous, otherTenant)) {
      client.answered().forEach(answer -> answered.add(answer.substring(0, answer.lastIndexOf(' '))));
    }
    assertThat(answered).containsAll(ApiContract.documentedOperations());
  }

  private static long loadDemo(MemlogNode node) throws Exception {
    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers()).partitions(PARTITIONS)
            .build();
        var in = ApiContractIT.class.getClassLoader().getResourceAsStream(DEMO)) {
      var report = new JsonlImporter(client, new EventCodec())
          .run(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), lines -> {});
      client.flush();
      assertThat(report.rejected()).isEmpty();
      return report.published();
    }
  }

  /** A record that is not JSON, which the projector turns into a dead letter. */
  private static long publishDeadLetter(MemlogNode node) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, "acme/conversation/c-1001".getBytes(
          StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      return 1;
    }
  }
}
