package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.api.admin.FixedAdminOps;
import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.audit.Checksum;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every documented operation answers every documented status with a body, content type and headers that match the
 * OpenAPI document's closed schemas; an undocumented field, status or header fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseContractTest {

  private static final String EVENT = """
      {"type":"message.appended.v2","eventId":"contract-1","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
       "source":{"agentId":"bot"},"conversationId":"c-contract","messageId":"m-1","role":"user","content":"hi",
       "tokenCount":1,"attachments":[{"name":"a.png","mediaType":"image/png"}]}""";

  private ProjectedMemory memory;
  private final Set<String> answered = new TreeSet<>();

  @BeforeAll
  void project(@TempDir Path dir) {
    memory = new ProjectedMemory(dir);
  }

  @AfterAll
  void close() {
    memory.close();
  }

  @Test
  void shouldAnswerEveryDocumentedStatusOfEveryOperationAsDocumented() {
    var admin = new FixedAdminOps(ResponseContractTest::fixedChecksum);
    JavalinTest.test(memory.api(admin), (server, client) -> {
      var caller = new Caller(client);
      reads(caller);
      ingest(caller);
      admin(caller, admin);
      operations(caller);
      memory.brokerReachable = false;
      caller.expect(503, "POST", "/v1/tenants/acme/events", memory.acmeKey, EVENT);
      caller.expect(503, "GET", "/health", null, null);
      caller.expect(503, "GET", "/readyz", null, null);
      memory.projectorState = KafkaStreams.State.NOT_RUNNING;
      caller.expect(503, "GET", "/livez", null, null);
    });

    assertThat(answered).containsAll(documentedStatuses());
  }

  @Test
  void shouldFailAnAnswerWithAnUndocumentedField() throws Exception {
    var message = EventCodec.mapper().readTree("""
        {"messageId":"m","role":"user","agentId":null,"content":"x","occurredAt":"2026-11-21T10:00:00Z",
         "redacted":false,"tokenCount":null,"attachments":[],"secret":"undocumented"}""");

    assertThat(ApiContract.violations("/components/schemas/Message", message)).singleElement().asString()
        .contains("secret");
  }

  private void reads(Caller caller) {
    var acme = memory.acmeKey;
    var tenantReads = List.of("/conversations/c-1001", "/conversations/c-1001/messages", "/search?q=kettle",
        "/entities?name=order", "/entities/order-5531", "/entities/order-5531/relations",
        "/entities/order-5531/neighbours", "/entities/order-5531/mentions");
    for (var read : tenantReads) {
      caller.expect(200, "GET", "/v1/tenants/acme" + read, acme, null);
      caller.expect(401, "GET", "/v1/tenants/acme" + read, null, null);
      caller.expect(403, "GET", "/v1/tenants/acme" + read, memory.globexKey, null);
      caller.expect(400, "GET", "/v1/tenants/acme" + read + (read.contains("?") ? "&" : "?") + "maxStandbyLag=-1",
          acme, null);
      caller.expect(503, "GET", "/v1/tenants/acme" + read + (read.contains("?") ? "&" : "?") + "waitMs=0&after="
          + notYetApplied(), acme, null);
    }
    memory.pending = 0;
    caller.expect(200, "GET", "/v1/tenants/acme/conversations/c-1001/messages?asOf=2026-11-03T09:12:07Z", acme, null);
    caller.expect(200, "GET", "/v1/tenants/acme/search?q=nothing+like+this&role=tool&from=2026-01-01T00:00:00Z",
        acme, null);
    for (var missing : List.of("/conversations/c-nope", "/conversations/c-nope/messages", "/entities/e-nope",
        "/entities/e-nope/relations", "/entities/e-nope/neighbours", "/entities/e-nope/mentions")) {
      caller.expect(404, "GET", "/v1/tenants/acme" + missing, acme, null);
    }
    caller.expect(200, "GET", "/v1/freshness", memory.globexKey, null);
    caller.expect(401, "GET", "/v1/freshness", null, null);
    caller.expect(405, "DELETE", "/v1/tenants/acme/conversations/c-1001", acme, null);
    caller.expect(404, "GET", "/v1/nothing-here", acme, null);
  }

  private String notYetApplied() {
    memory.pending = 5;
    var applied = memory.shards.appliedOffsets().get(new TopicPartition(ProjectedMemory.TOPIC, 0)).lastOffset();
    return new ConsistencyToken(Map.of(0, applied + 3)).encode();
  }

  private void ingest(Caller caller) {
    var path = "/v1/tenants/acme/events";
    var acme = memory.acmeKey;
    caller.expect(202, "POST", path, acme, "[" + EVENT + "]");
    caller.expect(400, "POST", path, acme, "[" + EVENT + "," + EVENT.replace("\"role\":\"user\",", "") + "]");
    caller.expect(401, "POST", path, null, EVENT);
    caller.expect(403, "POST", path, memory.globexKey, EVENT);
    caller.expect(413, "POST", path, acme, "[" + "\"x\",".repeat((int) (QueryApi.MAX_BODY_BYTES / 4)) + "\"x\"]");
    caller.expect(415, "POST", path, acme, "not json");
  }

  private void admin(Caller caller, FixedAdminOps fake) {
    var admin = memory.adminKey;
    caller.expect(200, "GET", "/v1/admin/checksum", admin, null);
    caller.expect(400, "GET", "/v1/admin/checksum?timeoutMs=0", admin, null);
    caller.expect(401, "GET", "/v1/admin/checksum", null, null);
    caller.expect(403, "GET", "/v1/admin/checksum", memory.acmeKey, null);
    fake.checksum = ResponseContractTest::endless;
    caller.expect(503, "GET", "/v1/admin/checksum?timeoutMs=1", admin, null);
    caller.expect(202, "POST", "/v1/admin/partitions/0/rebuild", admin, "");
    caller.expect(400, "POST", "/v1/admin/partitions/9/rebuild", admin, "");
    caller.expect(401, "POST", "/v1/admin/partitions/0/rebuild", null, "");
    caller.expect(403, "POST", "/v1/admin/partitions/0/rebuild", memory.acmeKey, "");
    caller.expect(409, "POST", "/v1/admin/partitions/1/rebuild", admin, "");
    caller.expect(200, "GET", "/v1/admin/dead-letters?limit=2", admin, null);
    caller.expect(400, "GET", "/v1/admin/dead-letters?limit=0", admin, null);
    caller.expect(401, "GET", "/v1/admin/dead-letters", null, null);
    caller.expect(403, "GET", "/v1/admin/dead-letters", memory.acmeKey, null);
  }

  private void operations(Caller caller) {
    for (var path : List.of("/health", "/livez", "/readyz", "/metrics", "/openapi.yaml", "/openapi.json",
        "/asyncapi.yaml", "/asyncapi.json", "/schemas", "/schemas/message.appended.v2.json",
        "/schemas/common.v1.json")) {
      caller.expect(200, "GET", path, null, null);
    }
    for (var path : List.of("/health", "/livez", "/metrics", "/openapi.yaml", "/openapi.json", "/asyncapi.yaml",
        "/asyncapi.json", "/schemas")) {
      caller.expect(431, "GET", path, null, null, "x".repeat(64 * 1024));
    }
    caller.expect(400, "GET", "/readyz?maxLag=-1", null, null);
    caller.expect(404, "GET", "/schemas/nope.v1.json", null, null);
    caller.expect(405, "POST", "/health", null, "");
  }

  /** Every documented operation and status, as {@code METHOD path status}. */
  private static Set<String> documentedStatuses() {
    var documented = new TreeSet<String>();
    DocumentController.openApi().path("paths").fields().forEachRemaining(path -> path.getValue().fields()
        .forEachRemaining(op -> op.getValue().path("responses").fieldNames().forEachRemaining(status ->
            documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status))));
    return documented;
  }

  /** Sends requests, checks each answer's status and its contract, and notes which were answered. */
  private final class Caller {
    private final HttpClient client;

    Caller(HttpClient client) {
      this.client = client;
    }

    /** A request with {@code key} (none when null) and {@code body} (none when null). */
    void expect(int status, String method, String path, String key, String body) {
      expect(status, method, path, key, body, null);
    }

    /** A request that also has a header {@code X-Padding} with {@code padding}, unless null. */
    void expect(int status, String method, String path, String key, String body, String padding) {
      Response response = client.request(path, builder -> {
        if (padding != null) {
          builder.header("X-Padding", padding);
        }
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        switch (method) {
          case "GET" -> builder.get();
          case "POST" -> builder.post(publisher);
          case "DELETE" -> builder.delete(publisher);
          default -> throw new IllegalArgumentException(method);
        }
        if (key != null) {
          builder.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
          builder.header("Content-Type", body.equals("not json") ? "text/plain" : "application/json");
        }
      });
      assertThat(response.code()).as("%s %s", method, path).isEqualTo(status);
      ApiContract.check(method, path, response);
      var template = ApiContract.template(path.split("\\?", 2)[0]);
      answered.add(method + " " + template + " " + ApiContract.documentedStatus(template, method, status));
    }
  }

  /** A checksum that runs until it is stopped. */
  private static Checksum endless() {
    try {
      new CountDownLatch(1).await();
      throw new IllegalStateException("never reached");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("stopped");
    }
  }

  private static Checksum fixedChecksum() {
    return new Checksum("0".repeat(64), new TreeMap<>(Map.of(0, "1".repeat(64))), Map.of("messages", 3L,
        "fts_tokens", 9L), true, List.of(), Map.of("memlog.events/0", 41L));
  }
}
