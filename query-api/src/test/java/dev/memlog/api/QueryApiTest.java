package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.sqlite.Provenance;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {

  private ProjectedMemory memory;
  private Javalin app;

  @BeforeAll
  void project(@TempDir Path dir) {
    memory = new ProjectedMemory(dir);
  }

  @BeforeEach
  void createApp() {
    memory.stuck.reset();
    memory.pending = 0;
    memory.brokerReachable = true;
    app = memory.api();
  }

  @AfterAll
  void close() {
    memory.close();
  }

  @Test
  void shouldServeAConversationSummaryWithItsFreshness() {
    JavalinTest.test(app, (server, client) -> {
      var response = get(client, "/v1/tenants/acme/conversations/c-1001");
      var body = json(response);

      assertThat(response.code()).isEqualTo(200);
      assertThat(body.at("/conversation/title").asText()).isEqualTo("Red kettle delivery is late");
      assertThat(body.at("/conversation/latestMessages").size()).isPositive();
      assertThat(body.at("/freshness/partitions/0/appliedOffset").asLong()).isPositive();
      assertThat(response.headers().get("X-Request-Id")).singleElement().asString().isNotBlank();
    });
  }

  @Test
  void shouldAnswerAProblemWhenTheConversationIsUnknownOrAnotherTenants() {
    JavalinTest.test(app, (server, client) -> {
      var unknown = get(client, "/v1/tenants/acme/conversations/c-nope");
      var otherTenant = get(client, "/v1/tenants/globex/conversations/c-1001");

      assertProblem(unknown, 404);
      assertProblem(otherTenant, 404);
      assertThat(json(unknown).path("detail").asText()).isEqualTo("conversation c-nope not found");
    });
  }

  @Test
  void shouldPageThroughAConversationInTimeOrder() {
    JavalinTest.test(app, (server, client) -> {
      long expected = json(get(client, "/v1/tenants/globex/conversations/c-2002")).at("/conversation/messageCount")
          .asLong();
      var times = new ArrayList<String>();
      String cursor = null;
      do {
        var page = json(get(client, "/v1/tenants/globex/conversations/c-2002/messages?limit=3"
            + (cursor == null ? "" : "&cursor=" + cursor)));
        page.path("messages").forEach(m -> times.add(m.path("occurredAt").asText()));
        cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      } while (cursor != null);

      assertThat(times).hasSize((int) expected).isSorted();
    });
  }

  @Test
  void shouldRankTheMatchingConversationFirstAndStayInTheTenant() {
    JavalinTest.test(app, (server, client) -> {
      var body = json(get(client, "/v1/tenants/acme/search?q=" + encode("is my kettle delivery late?")));

      assertThat(body.at("/hits/0/conversationId").asText()).isEqualTo("c-1001");
      assertThat(body.at("/hits/0/snippet").asText()).contains("<mark>");
      assertThat(body.path("hits")).allSatisfy(hit -> assertThat(hit.path("conversationId").asText())
          .startsWith("c-10"));
      assertThat(body.at("/query/terms").toString()).contains("kettle", "delivery");
    });
  }

  @Test
  void shouldExplainEachHitsScoreAndRankByBm25AloneWhenAsked() {
    JavalinTest.test(app, (server, client) -> {
      var inContext = json(get(client, "/v1/tenants/acme/search?q=" + encode("is my kettle delivery late?")));
      var bm25 = json(get(client, "/v1/tenants/acme/search?rank=bm25&q=" + encode("is my kettle delivery late?")));

      assertThat(inContext.at("/query/rank").asText()).isEqualTo("context");
      assertThat(inContext.path("hits")).allSatisfy(hit -> assertThat(hit.path("score").asDouble()).isEqualTo(
          (hit.at("/why/bm25").asDouble() + hit.at("/why/context").asDouble()) * hit.at("/why/speaker").asDouble()
              * hit.at("/why/time").asDouble()));
      assertThat(bm25.at("/query/rank").asText()).isEqualTo("bm25");
      assertThat(bm25.path("hits")).allSatisfy(hit -> assertThat(hit.at("/why/context").asDouble()).isZero());
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&rank=vector"), 400);
    });
  }

  @Test
  void shouldFindNothingOfForgottenOrRedactedContentAndSaySo() {
    JavalinTest.test(app, (server, client) -> {
      var forgotten = json(get(client, "/v1/tenants/acme/search?q=toaster"));
      var redacted = json(get(client, "/v1/tenants/acme/search?q=4111"));

      assertThat(forgotten.path("hits").size()).isZero();
      assertThat(redacted.path("hits").size()).isZero();
      assertThat(forgotten.path("found").asInt()).isZero();
    });
  }

  @Test
  void shouldAnswerOnly2xxOr4xxToHostileSearchText() {
    var hostile = new ArrayList<>(List.of("\"", "\"\"\"", "NEAR(", "NEAR(a b, 2)", "a:b", "content:x", "-", "*",
        "a*b*", "(", ")", "AND", "OR NOT", "^x", "{a b}", "'; DROP TABLE messages; --", "\\", "\u0000",
        "😀 kettle", "x".repeat(1_000), "x".repeat(1_001)));
    var random = new Random(7);
    var alphabet = "ab \"*():-^{}+,.NEARORANDNOT\\'%😀";
    for (int i = 0; i < 200; i++) {
      var text = new StringBuilder();
      random.ints(random.nextInt(20) + 1, 0, alphabet.length()).forEach(c -> text.append(alphabet.charAt(c)));
      hostile.add(text.toString());
    }
    JavalinTest.test(app, (server, client) -> {
      for (var text : hostile) {
        var response = get(client, "/v1/tenants/acme/search?q=" + encode(text));

        assertThat(response.code()).as("status for %s", text).isBetween(200, 499);
      }
    });
  }

  @Test
  void shouldRefuseOutOfRangeParametersWithAProblem() {
    JavalinTest.test(app, (server, client) -> {
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&limit=0"), 400);
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&limit=101"), 400);
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&offset=-1"), 400);
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&mode=some"), 400);
      assertProblem(get(client, "/v1/tenants/acme/search"), 400);
      assertProblem(get(client, "/v1/tenants/acme/conversations/c-1001/messages?limit=501"), 400);
      assertProblem(get(client, "/v1/tenants/acme/conversations/c-1001/messages?cursor=zzz"), 400);
      assertProblem(get(client, "/v1/tenants/acme/conversations/c-1001?maxStandbyLag=-1"), 400);
      assertProblem(get(client, "/v1/tenants/acme/entities/order-5531?maxStandbyLag=many"), 400);
      assertProblem(get(client, "/v1/tenants/ACME!/conversations/c-1001"), 403);
      assertProblem(get(client, "/v1/nothing-here"), 404);
    });
  }

  @Test
  void shouldAnswer405WithTheAllowedMethodsToAMethodAKnownPathDoesNotTake() {
    JavalinTest.test(app, (server, client) -> {
      var wrong = client.request("/v1/tenants/acme/events", builder -> builder.get()
          .header("Authorization", "Bearer " + memory.acmeKey));

      assertProblem(wrong, 405);
      assertThat(wrong.headers().get("Allow")).containsExactly("POST");
      assertProblem(get(client, "/v1/tenants/acme/nothing-here"), 404);
    });
  }

  @Test
  void shouldServeAnEntityAndItsRelationsBothWays() {
    JavalinTest.test(app, (server, client) -> {
      var entity = json(get(client, "/v1/tenants/acme/entities/order-5531"));
      var relations = json(get(client, "/v1/tenants/acme/entities/order-5531/relations"));

      assertThat(entity.at("/entity/attributes/status").asText()).isEqualTo("replaced");
      assertThat(relations.path("outgoing").toString()).contains("product-kettle-red");
      assertThat(relations.path("incoming").toString()).contains("customer-ana", "placed");
    });
  }

  @Test
  void shouldFindEntitiesByNamePrefixAndType() {
    JavalinTest.test(app, (server, client) -> {
      var byName = json(get(client, "/v1/tenants/acme/entities?name=ORDER"));
      var byType = json(get(client, "/v1/tenants/acme/entities?type=customer"));

      assertThat(byName.path("entities")).isNotEmpty().allSatisfy(e -> assertThat(e.path("name").asText())
          .startsWithIgnoringCase("order"));
      assertThat(byType.path("entities")).isNotEmpty().allSatisfy(e -> assertThat(e.path("entityType").asText())
          .isEqualTo("customer"));
      assertProblem(get(client, "/v1/tenants/acme/entities"), 400);
    });
  }

  @Test
  void shouldWalkNeighboursToTheAskedDepthListingEachEntityOnce() {
    JavalinTest.test(app, (server, client) -> {
      var one = json(get(client, "/v1/tenants/acme/entities/customer-ana/neighbours?depth=1"));
      var two = json(get(client, "/v1/tenants/acme/entities/customer-ana/neighbours?depth=2"));

      assertThat(one.at("/entities/customer-ana").asInt()).isZero();
      assertThat(one.at("/entities/order-5531").asInt()).isEqualTo(1);
      assertThat(two.at("/entities/product-kettle-red").asInt()).isEqualTo(1);
      assertThat(two.at("/entities/carrier-parcelnow").asInt()).isEqualTo(2);
      assertThat(two.path("entities").size()).isGreaterThan(one.path("entities").size());
      assertProblem(get(client, "/v1/tenants/acme/entities/customer-ana/neighbours?depth=4"), 400);
    });
  }

  @Test
  void shouldListTheMessagesThatMentionAnEntity() {
    JavalinTest.test(app, (server, client) -> {
      var mentions = json(get(client, "/v1/tenants/acme/entities/order-5531/mentions"));

      assertThat(mentions.path("mentions").toString()).contains("c-1001");
      assertThat(mentions.at("/mentions/0/content").asText()).isNotBlank();
    });
  }

  @Test
  void shouldFilterSearchAndSayWhyEachMessageMatched() {
    JavalinTest.test(app, (server, client) -> {
      var filtered = json(get(client, "/v1/tenants/acme/search?q=kettle&role=assistant&conversationId=c-1001"));
      var late = json(get(client, "/v1/tenants/acme/search?q=kettle&from=2027-01-01T00:00:00Z"));

      assertThat(filtered.path("hits")).isNotEmpty().allSatisfy(hit -> {
        assertThat(hit.path("role").asText()).isEqualTo("assistant");
        assertThat(hit.path("conversationId").asText()).isEqualTo("c-1001");
        assertThat(hit.path("matchedTerms").toString()).containsIgnoringCase("kettle");
      });
      assertThat(late.path("hits")).isEmpty();
      assertThat(late.path("found").isInt()).isTrue();
      assertThat(late.path("found").asInt()).isZero();
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&role=robot"), 400);
      assertProblem(get(client, "/v1/tenants/acme/search?q=kettle&from=yesterday"), 400);
    });
  }

  @Test
  void shouldPageHistoryNewestFirstWithinATimeWindow() {
    JavalinTest.test(app, (server, client) -> {
      var all = json(get(client, "/v1/tenants/acme/conversations/c-1001/messages?limit=500")).path("messages");
      var from = all.get(2).path("occurredAt").asText();
      var to = all.get(6).path("occurredAt").asText();

      var window = json(get(client, "/v1/tenants/acme/conversations/c-1001/messages?order=desc&from=" + from
          + "&to=" + to)).path("messages");

      assertThat(window.size()).isEqualTo(4);
      assertThat(window.get(0).path("messageId").asText()).isEqualTo(all.get(5).path("messageId").asText());
      assertProblem(get(client, "/v1/tenants/acme/conversations/c-1001/messages?from=" + to + "&to=" + from), 400);
      assertProblem(get(client, "/v1/tenants/acme/conversations/c-1001/messages?order=sideways"), 400);
    });
  }

  @Test
  void shouldReadAConversationAsItWasBeforeAnEdit() {
    JavalinTest.test(app, (server, client) -> {
      var now = json(get(client, "/v1/tenants/acme/conversations/c-1001/messages?limit=3"));
      var edited = now.at("/messages/1");
      var before = json(get(client, "/v1/tenants/acme/conversations/c-1001/messages?limit=3&asOf="
          + edited.path("occurredAt").asText()));

      assertThat(edited.path("content").asText()).contains("kettle");
      assertThat(before.at("/messages/1/content").asText()).contains("ketle");
      assertThat(before.path("asOf").path("time").asText()).isEqualTo(edited.path("occurredAt").asText());
      assertProblem(get(client, "/v1/tenants/acme/conversations/c-1001/messages?asOfOffset=-1"), 400);
    });
  }

  @Test
  void shouldNotServeAForgottenEntity() {
    JavalinTest.test(app, (server, client) -> {
      assertProblem(get(client, "/v1/tenants/acme/entities/customer-dmitri"), 404);
      assertProblem(get(client, "/v1/tenants/acme/entities/customer-dmitri/relations"), 404);
    });
  }

  @Test
  void shouldPublishValidEventsAndRefuseTheOthersNamingTheField() {
    var valid = """
        {"type":"message.appended.v1","eventId":"http-1","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
         "source":{"agentId":"bot"},"conversationId":"c-9","messageId":"m-1","role":"user","content":"hi"}""";
    JavalinTest.test(app, (server, client) -> {
      var accepted = post(client, "/v1/tenants/acme/events", valid);
      var wrongTenant = post(client, "/v1/tenants/globex/events", valid);
      var missingField = post(client, "/v1/tenants/acme/events", valid.replace("\"role\":\"user\",", ""));
      var notJson = post(client, "/v1/tenants/acme/events", "{oops");
      var twoTenants = post(client, "/v1/tenants/acme/events",
          valid.replace("\"tenant\":\"acme\"", "\"tenant\":\"acme\",\"tenant\":\"globex\""));
      var loneSurrogate = post(client, "/v1/tenants/acme/events", valid.replace("\"hi\"", "\"h\\ud800i\""));

      assertThat(accepted.code()).isEqualTo(202);
      assertThat(json(accepted).at("/published/0/eventId").asText()).isEqualTo("http-1");
      assertProblem(wrongTenant, 400);
      assertProblem(missingField, 400);
      assertThat(json(missingField).path("detail").asText()).contains("role");
      assertProblem(notJson, 400);
      assertProblem(twoTenants, 400);
      assertThat(json(twoTenants).path("detail").asText()).containsIgnoringCase("duplicate field 'tenant'");
      assertProblem(loneSurrogate, 400);
      assertThat(json(loneSurrogate).path("detail").asText()).contains("$.content").contains("surrogate");
      assertThat(json(loneSurrogate).at("/errors/0/reason").asText()).isEqualTo("SCHEMA_VIOLATION");
      assertThat(json(loneSurrogate).at("/errors/0/field").asText()).isEqualTo("$.content");
      assertThat(memory.published).extracting(e -> e.eventId()).contains("http-1").doesNotContain("iso-1");
    });
  }

  @Test
  void shouldAnswerNotYetWhenTheTokensOffsetsAreWrittenButNotApplied() {
    memory.pending = 5;
    var applied = new ConsistencyToken(Map.of(0, 0L)).encode();
    var written = new ConsistencyToken(Map.of(0, appliedOffset() + 3)).encode();
    JavalinTest.test(app, (server, client) -> {
      var ready = get(client, "/v1/tenants/acme/conversations/c-1001?after=" + applied);
      var notYet = get(client, "/v1/tenants/acme/conversations/c-1001?waitMs=50&after=" + written);
      var garbage = get(client, "/v1/tenants/acme/conversations/c-1001?after=%21%21");

      assertThat(ready.code()).isEqualTo(200);
      assertProblem(notYet, 503);
      assertThat(json(notYet).path("type").asText()).endsWith("not-yet-applied");
      assertThat(notYet.headers().get("Retry-After")).containsExactly("1");
      assertProblem(garbage, 400);
    });
  }

  @Test
  void shouldRefuseAtOnceATokenNamingAPartitionOrAnOffsetThatHoldsNoRecord() {
    memory.pending = 5;
    var noSuchPartition = new ConsistencyToken(Map.of(99, 0L)).encode();
    var beyondTheEnd = new ConsistencyToken(Map.of(0, appliedOffset() + 6)).encode();
    JavalinTest.test(app, (server, client) -> {
      var partition = get(client, "/v1/tenants/acme/conversations/c-1001?waitMs=10000&after=" + noSuchPartition);
      var offset = get(client, "/v1/tenants/acme/conversations/c-1001?waitMs=10000&after=" + beyondTheEnd);

      assertProblem(partition, 400);
      assertThat(json(partition).path("detail").asText()).contains("partition 99");
      assertProblem(offset, 400);
      assertThat(json(offset).path("detail").asText()).contains("offset " + (appliedOffset() + 6))
          .contains("beyond the partition's end");
    });
  }

  @Test
  void shouldRefuseAWaitingReadAtOnceWhileAsManyAsAllowedWaitAndStillServeOtherReads() {
    memory.pending = 5;
    var written = new ConsistencyToken(Map.of(0, appliedOffset() + 3)).encode();
    var waiting = "/v1/tenants/acme/conversations/c-1001?waitMs=10000&after=" + written;
    var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JavalinTest.test(memory.api(new HttpLimits(16, 2, 1), meters), (server, client) -> {
      var parked = List.of(getAsync(server.port(), waiting), getAsync(server.port(), waiting));
      await().atMost(Duration.ofSeconds(30))
          .until(() -> meters.get("memlog.http.waiting").tag("kind", "reads").gauge().value() == 2);

      var refused = get(client, waiting);
      var otherTenant = get(client, "/v1/tenants/globex/search?q=migration");

      assertProblem(refused, 503);
      assertThat(json(refused).path("type").asText()).endsWith("busy");
      assertThat(refused.headers().get("Retry-After")).containsExactly("1");
      assertThat(otherTenant.code()).isEqualTo(200);
      assertThat(parked).as("the parked reads still wait").noneMatch(CompletableFuture::isDone);
    });
  }

  @Test
  void shouldRefuseIngestAtOnceAndSayTheLagIsUnknownWhileTheBrokerIsUnreachable() {
    memory.brokerReachable = false;
    var valid = """
        {"type":"message.appended.v1","eventId":"http-3","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
         "source":{"agentId":"bot"},"conversationId":"c-9","messageId":"m-3","role":"user","content":"hi"}""";
    JavalinTest.test(app, (server, client) -> {
      var refused = post(client, "/v1/tenants/acme/events", valid);
      var read = get(client, "/v1/tenants/acme/conversations/c-1001");
      var health = client.get("/health");
      var ready = client.get("/readyz");

      assertProblem(refused, 503);
      assertThat(json(refused).path("type").asText()).endsWith("broker-unreachable");
      assertThat(refused.headers().get("Retry-After")).containsExactly("5");
      assertThat(memory.published).extracting(e -> e.eventId()).doesNotContain("http-3");
      assertThat(read.code()).isEqualTo(200);
      assertThat(json(read).at("/freshness/lag").isNull()).isTrue();
      assertThat(health.code()).isEqualTo(503);
      assertThat(json(health).path("status").asText()).isEqualTo("DEGRADED");
      assertThat(ready.code()).isEqualTo(503);
    });
  }

  @Test
  void shouldRefuseEventsThatAreNotSentAsJsonWithAProblem() {
    var valid = """
        {"type":"message.appended.v1","eventId":"http-4","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
         "source":{"agentId":"bot"},"conversationId":"c-9","messageId":"m-4","role":"user","content":"hi"}""";
    JavalinTest.test(app, (server, client) -> {
      var plain = post(client, "/v1/tenants/acme/events", valid, "text/plain");
      var form = post(client, "/v1/tenants/acme/events", "type=message.appended.v1",
          "application/x-www-form-urlencoded");
      var xml = post(client, "/v1/tenants/acme/events", "<event/>", "application/xml");
      var none = post(client, "/v1/tenants/acme/events", valid, null);
      var withCharset = post(client, "/v1/tenants/acme/events", valid, "application/json; charset=utf-8");

      for (var refused : List.of(plain, form, xml, none)) {
        assertProblem(refused, 415);
      }
      assertThat(json(plain).path("detail").asText()).contains("application/json").contains("text/plain");
      assertThat(withCharset.code()).isEqualTo(202);
      assertThat(memory.published).extracting(e -> e.eventId()).containsOnlyOnce("http-4");
    });
  }

  @Test
  void shouldAnswerAProblemToAPathJettyRefuses() {
    JavalinTest.test(app, (server, client) -> {
      var nul = get(client, "/v1/tenants/acme/conversations/c%00-1");
      var encodedSlash = get(client, "/v1/tenants/acme/conversations/%2e%2e%2fsecret");

      for (var refused : List.of(nul, encodedSlash)) {
        assertThat(refused.code()).isBetween(400, 499);
        assertThat(refused.headers().get("Content-Type")).singleElement().asString()
            .startsWith("application/problem+json");
        assertThat(json(refused).path("status").asInt()).isEqualTo(refused.code());
      }
    });
  }

  @Test
  void shouldReturnAConsistencyTokenForPublishedEvents() {
    var valid = """
        {"type":"message.appended.v1","eventId":"http-2","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
         "source":{"agentId":"bot"},"conversationId":"c-9","messageId":"m-2","role":"user","content":"hi"}""";
    JavalinTest.test(app, (server, client) -> {
      var token = json(post(client, "/v1/tenants/acme/events", valid)).path("token").asText();

      assertThat(ConsistencyToken.parse(token).offsets()).containsOnlyKeys(0);
    });
  }

  @Test
  void shouldRefuseABodyLargerThanAllowedWithAProblem() {
    var huge = "[" + "\"x\",".repeat((int) (QueryApi.MAX_BODY_BYTES / 4)) + "\"x\"]";
    JavalinTest.test(app, (server, client) -> {
      var answer = post(client, "/v1/tenants/acme/events", huge);

      assertProblem(answer, 413);
    });
  }

  @Test
  void shouldTimeEveryRouteInThePrometheusOutput() {
    JavalinTest.test(app, (server, client) -> {
      get(client, "/v1/tenants/acme/conversations/c-1001");

      var metrics = client.get("/metrics").body().string();

      assertThat(metrics).contains("memlog_http_requests_seconds_bucket{")
          .contains("route=\"/v1/tenants/{tenant}/conversations/{conversationId}\"");
    });
  }

  @Test
  void shouldReportHealthyWhenTheProjectorRuns() {
    JavalinTest.test(app, (server, client) -> {
      var health = client.get("/health");

      assertThat(health.code()).isEqualTo(200);
      assertThat(json(health).path("status").asText()).isEqualTo("UP");
    });
  }

  @Test
  void shouldBeAliveAndReadyWhenTheProjectorRunsAndItsShardsAreCaughtUp() {
    JavalinTest.test(app, (server, client) -> {
      var live = client.get("/livez");
      var ready = client.get("/readyz");

      assertThat(live.code()).isEqualTo(200);
      assertThat(json(live).path("status").asText()).isEqualTo("ALIVE");
      assertThat(ready.code()).isEqualTo(200);
      var body = json(ready);
      assertThat(body.path("status").asText()).isEqualTo("READY");
      assertThat(body.path("servedPartitions")).extracting(JsonNode::asInt).containsExactly(0);
    });
  }

  @Test
  void shouldBeAliveButNotReadyWhileAPartitionItServesIsStuck() {
    stuckOnOffset41();
    JavalinTest.test(app, (server, client) -> {
      var ready = client.get("/readyz");

      assertThat(client.get("/livez").code()).isEqualTo(200);
      assertThat(ready.code()).isEqualTo(503);
      assertThat(json(ready).path("status").asText()).isEqualTo("NOT_READY");
    });
  }

  @Test
  void shouldReportDegradedWithThePartitionAndOffsetWhenAStreamThreadKeepsDyingOnOneRecord() {
    stuckOnOffset41();
    JavalinTest.test(app, (server, client) -> {
      var health = client.get("/health");

      assertThat(health.code()).isEqualTo(503);
      var body = json(health);
      assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
      assertThat(body.at("/stuck/0/partition").asInt()).isZero();
      assertThat(body.at("/stuck/0/offset").asLong()).isEqualTo(41);
      assertThat(client.get("/metrics").body().string()).contains("memlog_projector_stuck_partitions 1.0");
    });
  }

  /** Partition 0's stream thread died three times on the record at offset 41: the partition is stuck. */
  private void stuckOnOffset41() {
    for (int death = 0; death < 3; death++) {
      memory.stuck.failed(new Provenance(ProjectedMemory.TOPIC, 0, 41));
      memory.stuck.threadDied();
    }
  }

  private long appliedOffset() {
    return memory.shards.appliedOffsets().get(new TopicPartition(ProjectedMemory.TOPIC, 0)).lastOffset();
  }

  /** A GET sent without waiting for its answer. */
  private CompletableFuture<java.net.http.HttpResponse<String>> getAsync(int port, String path) {
    return java.net.http.HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + keyFor(path))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** A GET with the key of the path's tenant (acme's for any other path); its answer must match the document. */
  private Response get(HttpClient client, String path) {
    return ApiContract.check("GET", path, client.get(path, builder -> builder.header("Authorization", "Bearer "
        + keyFor(path))));
  }

  private Response post(HttpClient client, String path, String body) {
    return post(client, path, body, "application/json");
  }

  /** A POST of {@code body} as {@code contentType} (none when null); its answer must match the document. */
  private Response post(HttpClient client, String path, String body, String contentType) {
    return ApiContract.check("POST", path, client.request(path, builder -> {
      builder.post(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + keyFor(path));
      if (contentType != null) {
        builder.header("Content-Type", contentType);
      }
    }));
  }

  private String keyFor(String path) {
    return path.startsWith("/v1/tenants/globex/") ? memory.globexKey : memory.acmeKey;
  }

  private static void assertProblem(Response response, int status) throws IOException {
    assertThat(response.code()).isEqualTo(status);
    assertThat(response.headers().get("Content-Type")).singleElement().asString()
        .startsWith("application/problem+json");
    assertThat(json(response).path("status").asInt()).isEqualTo(status);
  }

  private static JsonNode json(Response response) throws IOException {
    return EventCodec.mapper().readTree(response.body().string());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
