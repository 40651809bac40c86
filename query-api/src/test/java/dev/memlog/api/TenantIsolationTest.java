package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventCodec;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tenant route, called with the tenant's key, another tenant's key, an admin key, a bad key and none. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {

  private static final String EVENT = """
      {"type":"conversation.started.v1","eventId":"iso-1","tenant":"acme","occurredAt":"2026-11-21T10:00:00Z",
       "source":{"agentId":"bot"},"conversationId":"c-iso"}""";

  private ProjectedMemory memory;

  @BeforeAll
  void project(@TempDir Path dir) {
    memory = new ProjectedMemory(dir);
  }

  @AfterAll
  void close() {
    memory.close();
  }

  /** Routes of tenant acme, each naming something that exists in acme, and the status its own key gets. */
  Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of("GET", "/v1/tenants/acme/conversations/c-1001", 200),
        Arguments.of("GET", "/v1/tenants/acme/conversations/c-1001/messages", 200),
        Arguments.of("GET", "/v1/tenants/acme/search?q=kettle", 200),
        Arguments.of("GET", "/v1/tenants/acme/entities/order-5531", 200),
        Arguments.of("GET", "/v1/tenants/acme/entities/order-5531/relations", 200),
        Arguments.of("GET", "/v1/tenants/acme/entities/order-5531/neighbours?depth=2", 200),
        Arguments.of("GET", "/v1/tenants/acme/entities/order-5531/mentions", 200),
        Arguments.of("GET", "/v1/tenants/acme/entities?name=order", 200),
        Arguments.of("POST", "/v1/tenants/acme/events", 202));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void shouldServeOnlyTheKeysOwnTenant(String method, String path, int ownStatus) {
    JavalinTest.test(memory.api(), (server, client) -> {
      var own = call(client, method, path, memory.acmeKey);
      var otherTenant = call(client, method, path, memory.globexKey);
      var admin = call(client, method, path, memory.adminKey);
      var bad = call(client, method, path, "mlk_not-a-key");
      var none = call(client, method, path, null);

      assertThat(own.code()).isEqualTo(ownStatus);
      assertThat(List.of(otherTenant.code(), admin.code())).containsOnly(403);
      assertThat(List.of(bad.code(), none.code())).containsOnly(401);
      for (var refused : List.of(otherTenant, admin, bad, none)) {
        var body = refused.body().string();
        assertThat(EventCodec.mapper().readTree(body).path("status").asInt()).isIn(401, 403);
        assertThat(body).as("no content of the tenant").doesNotContain("kettle", "Kettle", "latestMessages", "attributes");
      }
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void shouldNotRevealAcmesIdsThroughGlobexPaths(String method, String path, int ownStatus) {
    var globexPath = path.replace("/tenants/acme/", "/tenants/globex/");
    JavalinTest.test(memory.api(), (server, client) -> {
      var answer = call(client, method, globexPath, memory.globexKey);

      if (method.equals("GET") && !globexPath.contains("search") && !globexPath.contains("?name=")) {
        assertThat(answer.code()).isEqualTo(404);
      } else if (method.equals("GET")) {
        assertThat(answer.body().string()).doesNotContain("c-1001", "c-1006");
      } else {
        assertThat(answer.code()).as("an acme event on globex's path").isEqualTo(400);
      }
    });
  }

  private static Response call(HttpClient client, String method, String path, String key) {
    return client.request(path, builder -> {
      if (method.equals("POST")) {
        builder.post(HttpRequest.BodyPublishers.ofString(EVENT)).header("Content-Type", "application/json");
      }
      if (key != null) {
        builder.header("Authorization", "Bearer " + key);
      }
    });
  }
}
