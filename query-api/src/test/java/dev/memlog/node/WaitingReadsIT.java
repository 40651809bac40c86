package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads that wait for their consistency token, far more of them than the node has request threads: as many as
 * the node lets wait do wait, the others are refused at once, and reads of other tenants are served meanwhile.
 */
class WaitingReadsIT {

  private static final int WAITING_READS = 4;
  private static final int HTTP_THREADS = 16;
  private static final int SENT = 40;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldServeOtherTenantsWhileAsManyReadsAsAllowedWaitAndRefuseTheRestAtOnce() throws Exception {
    // Given a node with 16 request threads that lets 4 reads wait at once, whose projector reads committed
    // records only, and memory of two tenants, each read back with the token of its write
    var node = opened.add(MemlogNode.start(NodeConfig.fromEnv(Map.of(
        "MEMLOG_DATA_DIR", dir.toString(),
        "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BROKER_PORT", "0",
        "MEMLOG_PARTITIONS", "1",
        "MEMLOG_HTTP_THREADS", "" + HTTP_THREADS,
        "MEMLOG_MAX_WAITING_READS", "" + WAITING_READS,
        "MEMLOG_KAFKA_ISOLATION_LEVEL", "read_committed"))));
    var http = new NodeHttp(node);
    await().atMost(PATIENCE).until(() -> http.get("/readyz").status() == 200);
    for (var tenant : List.of("acme", "globex")) {
      var written = http.post("/v1/tenants/" + tenant + "/events", message(tenant, "m-1", "the blue kettle"));
      assertThat(written.status()).as(written.text()).isEqualTo(202);
      var read = http.get("/v1/tenants/" + tenant + "/conversations/c-1?waitMs=10000&after="
          + written.json().path("token").asText());
      assertThat(read.status()).as("a token of a write just acknowledged: %s", read.text()).isEqualTo(200);
    }
    // and a record of acme written in a transaction still open, which the projector cannot apply yet
    var producer = opened.add(transactionalProducer(node.bootstrapServers()));
    producer.initTransactions();
    producer.beginTransaction();
    var event = Events.forTenant("acme", new EventSource("bot", "it")).messageAppended("c-1", "m-2", Role.USER,
        "still in an open transaction");
    long offset = producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, event.key().bytes(),
        new EventCodec().encode(event))).get(30, TimeUnit.SECONDS).offset();
    var waiting = "/v1/tenants/acme/conversations/c-1?waitMs=10000&after="
        + new ConsistencyToken(Map.of(0, offset)).encode();

    // When 40 reads with its token are sent at once
    var client = HttpClient.newHttpClient();
    var sent = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < SENT; i++) {
      sent.add(client.sendAsync(request(node, waiting), HttpResponse.BodyHandlers.ofString()));
    }

    // Then all but 4 are refused at once, with 503 and Retry-After
    await().atMost(PATIENCE)
        .until(() -> sent.stream().filter(CompletableFuture::isDone).count() == SENT - WAITING_READS);
    var refused = sent.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
        .map(NodeHttp::checked).toList();
    assertThat(refused).allSatisfy(answer -> {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(answer.body()).contains("busy");
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
    });
    // and while the 4 others wait, more reads of another tenant than the node has request threads are served
    for (int i = 0; i < HTTP_THREADS * 2; i++) {
      var search = http.get("/v1/tenants/globex/search?q=kettle");
      assertThat(search.status()).as(search.text()).isEqualTo(200);
      assertThat(search.json().path("hits").size()).isEqualTo(1);
    }
    var parked = sent.stream().filter(answer -> !answer.isDone()).toList();
    assertThat(parked).as("reads still waiting after the other tenant's reads").hasSize(WAITING_READS);
    // and a token naming an offset past the partition's end is refused at once
    var beyond = http.get("/v1/tenants/acme/conversations/c-1?waitMs=10000&after="
        + new ConsistencyToken(Map.of(0, offset + 1_000)).encode());
    assertThat(beyond.status()).as(beyond.text()).isEqualTo(400);

    // And once the transaction commits, the waiting reads answer with the write they waited for
    producer.commitTransaction();
    for (var answer : parked) {
      var response = NodeHttp.checked(answer.get(60, TimeUnit.SECONDS));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("still in an open transaction");
    }
  }

  private static String message(String tenant, String messageId, String content) {
    return """
        {"type":"message.appended.v2","eventId":"%s-%s","tenant":"%s","occurredAt":"2026-11-21T10:00:00Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"%s","role":"user","content":"%s"}"""
        .formatted(tenant, messageId, tenant, messageId, content);
  }

  private static HttpRequest request(MemlogNode node, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + node.createdKeys().get("acme")).GET().build();
  }

  private static KafkaProducer<byte[], byte[]> transactionalProducer(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "waiting-reads-it",
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }
}
