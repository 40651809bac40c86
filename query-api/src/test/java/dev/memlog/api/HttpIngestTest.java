package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP ingest for runtimes that are not Java: what it fills in, what it refuses, and retries that count once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpIngestTest {

  private static final String PATH = "/v1/tenants/acme/events";

  private ProjectedMemory memory;

  @BeforeAll
  void project(@TempDir Path dir) {
    memory = new ProjectedMemory(dir);
  }

  @BeforeEach
  void forgetPublished() {
    memory.published.clear();
  }

  @AfterAll
  void close() {
    memory.close();
  }

  @Test
  void shouldListEveryInvalidEventOfABatchByIndexAndField() {
    var batch = "[" + message("m-1", "\"eventId\":\"b-1\",") + "," + message("m-2", "\"eventId\":\"b-2\",")
        .replace("\"role\":\"user\",", "") + ",7,"
        + message("m-4", "\"eventId\":\"\",").replace("\"acme\"", "\"globex\"") + "]";
    JavalinTest.test(memory.api(), (server, client) -> {
      var refused = post(client, batch, null);
      var errors = json(refused).path("errors");

      assertThat(refused.code()).isEqualTo(400);
      assertThat(errors).extracting(e -> e.path("index").asInt() + " " + e.path("field").asText())
          .containsOnly("1 $.role", "2 $", "3 $.tenant", "3 $.eventId");
      assertThat(errors).allSatisfy(e -> assertThat(e.path("reason").asText()).isNotBlank());
      assertThat(json(refused).path("detail").asText()).startsWith("3 of 4 events are not valid")
          .doesNotContain("StreamReadFeature");
      assertThat(memory.published).isEmpty();
    });
  }

  @Test
  void shouldRefuseWith400AnEventTooLargeOnceSealedAndPublishNothing() {
    var batch = "[" + message("m-2", "\"eventId\":\"" + ProjectedMemory.TOO_LARGE_SEALED + "-1\",") + ","
        + message("m-1", "\"eventId\":\"b-1\",") + "]";
    JavalinTest.test(memory.api(), (server, client) -> {
      var refused = post(client, batch, null);

      assertThat(refused.code()).isEqualTo(400);
      assertThat(json(refused).path("type").asText()).endsWith("invalid-event");
      assertThat(json(refused).path("errors").get(0).path("reason").asText()).isEqualTo("TOO_LARGE");
      assertThat(json(refused).path("detail").asText()).contains("once sealed").endsWith("nothing was published");
      assertThat(memory.published).isEmpty();
    });
  }

  @Test
  void shouldTakeTheTenantFromThePathAndTheTimeOfReceiptWhenAnEventLeavesThemOut() {
    var event = message("m-5", "\"eventId\":\"http-5\",").replace("\"tenant\":\"acme\",", "")
        .replace("\"occurredAt\":\"2026-11-21T10:00:00Z\",", "");
    JavalinTest.test(memory.api(), (server, client) -> {
      var before = Instant.now();
      var accepted = post(client, event, null);
      var after = Instant.now();

      assertThat(accepted.code()).isEqualTo(202);
      assertThat(memory.published).singleElement().satisfies(published -> {
        assertThat(published.tenant()).isEqualTo("acme");
        assertThat(published.occurredAt()).isBetween(before.minusMillis(1), after);
      });
    });
  }

  @Test
  void shouldWriteEachEventOnceWhenTheSameBatchIsSentTwiceWithOneIdempotencyKey() {
    var batch = "[" + message("m-6", "") + "," + message("m-7", "") + "]";
    JavalinTest.test(memory.api(), (server, client) -> {
      var withoutKey = post(client, batch, null);
      var first = post(client, batch, "retry-me-1");
      var retry = post(client, batch, "retry-me-1");
      var sent = new ArrayList<>(memory.published);
      memory.project(sent);
      var messages = json(client.get("/v1/tenants/acme/conversations/c-ingest/messages",
          b -> b.header("Authorization", "Bearer " + memory.acmeKey))).path("messages");

      assertThat(withoutKey.code()).isEqualTo(400);
      assertThat(json(withoutKey).path("errors")).extracting(e -> e.path("field").asText())
          .containsOnly("$.eventId");
      assertThat(first.code()).isEqualTo(202);
      assertThat(retry.code()).isEqualTo(202);
      assertThat(sent).extracting(MemoryEvent::eventId)
          .containsExactly("retry-me-1#0", "retry-me-1#1", "retry-me-1#0", "retry-me-1#1");
      assertThat(messages).extracting(m -> m.path("messageId").asText()).containsExactly("m-6", "m-7");
    });
  }

  @Test
  void shouldRefuseAnIdempotencyKeyThatCannotMakeAnEventId() {
    JavalinTest.test(memory.api(), (server, client) -> {
      var refused = post(client, message("m-8", ""), "has spaces");

      assertThat(refused.code()).isEqualTo(400);
      assertThat(json(refused).at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
    });
  }

  /** A message event of conversation c-ingest with {@code eventId} (a field, or nothing) in front. */
  private static String message(String messageId, String eventId) {
    return """
        {%s"type":"message.appended.v1","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
         "source":{"agentId":"bot"},"conversationId":"c-ingest","messageId":"%s","role":"user","content":"hi"}"""
        .formatted(eventId, messageId);
  }

  /** A POST of {@code body}, with {@code idempotencyKey} unless null; its answer must match the document. */
  private Response post(HttpClient client, String body, String idempotencyKey) {
    return ApiContract.check("POST", PATH, client.request(PATH, builder -> {
      builder.post(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + memory.acmeKey)
          .header("Content-Type", "application/json");
      if (idempotencyKey != null) {
        builder.header(IncomingEvents.IDEMPOTENCY_KEY, idempotencyKey);
      }
    }));
  }

  private static JsonNode json(Response response) throws IOException {
    return EventCodec.mapper().readTree(response.body().string());
  }
}
