package dev.memlog.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.api.QueryApi;
import dev.memlog.api.HttpLimits;
import dev.memlog.api.QueryApiDeps;
import dev.memlog.api.auth.ApiKeys;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.sqlite.SqliteDatabase;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminControllerTest {

  private static final String ADMIN_KEY = ApiKeys.newKey();
  private static final java.util.function.Consumer<io.javalin.testtools.Request.Builder> ADMIN =
      builder -> builder.header("Authorization", "Bearer " + ADMIN_KEY);

  @TempDir Path dir;

  /** What the node's checksum does; by default, the checksum of an empty read model. */
  private java.util.function.Supplier<Checksum> checksum;

  @Test
  void shouldAnswerTheChecksumOfTheReadModelAsJson() {
    JavalinTest.test(app(), (server, client) -> {
      var response = client.get(AdminController.CHECKSUM, ADMIN);
      var body = json(response);

      assertThat(response.code()).isEqualTo(200);
      assertThat(body.path("total").asText()).hasSize(64);
      assertThat(body.path("ftsMatchesContent").asBoolean()).isTrue();
    });
  }

  @Test
  void shouldStopAChecksumThatOutlivesItsDeadlineAndAnswerAProblem() {
    var interrupted = new java.util.concurrent.CountDownLatch(1);
    checksum = () -> {
      try {
        new java.util.concurrent.CountDownLatch(1).await();
        throw new IllegalStateException("never reached");
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw new java.util.concurrent.CancellationException("interrupted");
      }
    };
    JavalinTest.test(app(), (server, client) -> {
      var response = client.get(AdminController.CHECKSUM + "?timeoutMs=50", ADMIN);
      var badTimeout = client.get(AdminController.CHECKSUM + "?timeoutMs=0", ADMIN);

      assertThat(response.code()).isEqualTo(503);
      assertThat(response.headers().get("Content-Type")).singleElement().asString()
          .startsWith("application/problem+json");
      assertThat(response.headers().get("Retry-After")).containsExactly("60");
      assertThat(json(response).path("detail").asText()).contains("did not finish within 50 ms");
      assertThat(interrupted.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the checksum was stopped")
          .isTrue();
      assertThat(badTimeout.code()).isEqualTo(400);
    });
  }

  @Test
  void shouldAnswer202WhenAPartitionRebuildStarts() {
    JavalinTest.test(app(), (server, client) -> {
      var response = adminPost(client, "/v1/admin/partitions/0/rebuild");

      assertThat(response.code()).isEqualTo(202);
      assertThat(json(response).path("endOffset").asLong()).isEqualTo(42);
    });
  }

  @Test
  void shouldAnswerProblemsForABadPartitionAndARebuildThatCannotStart() {
    JavalinTest.test(app(), (server, client) -> {
      var notANumber = adminPost(client, "/v1/admin/partitions/two/rebuild");
      var absent = adminPost(client, "/v1/admin/partitions/9/rebuild");
      var busy = adminPost(client, "/v1/admin/partitions/1/rebuild");

      assertThat(notANumber.code()).isEqualTo(400);
      assertThat(absent.code()).isEqualTo(400);
      assertThat(busy.code()).isEqualTo(409);
      assertThat(busy.headers().get("Content-Type")).singleElement().asString()
          .startsWith("application/problem+json");
      assertThat(json(busy).path("detail").asText()).contains("already");
    });
  }

  @Test
  void shouldListDeadLettersUpToTheLimit() {
    JavalinTest.test(app(), (server, client) -> {
      var listed = client.get(AdminController.DEAD_LETTERS + "?limit=1", ADMIN);
      var tooMany = client.get(AdminController.DEAD_LETTERS + "?limit=100000", ADMIN);

      var body = json(listed);

      assertThat(listed.code()).isEqualTo(200);
      assertThat(body.path("deadLetters").size()).isEqualTo(1);
      assertThat(body.at("/deadLetters/0/reason").asText()).isEqualTo("NOT_JSON");
      assertThat(tooMany.code()).isEqualTo(400);
    });
  }

  private Javalin app() {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    if (checksum == null) {
      checksum = () -> ReadModelChecksum.of(database);
    }
    var ops = new FixedAdminOps(() -> checksum.get());
    return QueryApi.create(new QueryApiDeps(null, null, null, null, null, 3, () -> KafkaStreams.State.RUNNING,
        List::of, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ApiKeys.of(Map.of(ApiKeys.hash(ADMIN_KEY),
        ApiKeys.ADMIN)), (offsets, timeout) -> true, HttpLimits.DEFAULTS), ops);
  }

  private static Response adminPost(io.javalin.testtools.HttpClient client, String path) {
    return client.request(path, b -> ADMIN.accept(b.post(HttpRequest.BodyPublishers.noBody())));
  }

  private static JsonNode json(Response response) {
    try {
      return EventCodec.mapper().readTree(response.body().string());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
