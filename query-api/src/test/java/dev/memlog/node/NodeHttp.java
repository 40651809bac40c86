package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.api.ApiContract;
import dev.memlog.ingest.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A small HTTP client for a running node in integration tests. Every answer it gets is checked against the
 * OpenAPI document the node serves ({@link ApiContract}) before a test sees it.
 */
final class NodeHttp {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String key;

  private final Map<String, String> keys;
  private final Set<String> answered = new ConcurrentSkipListSet<>();

  /** A client that sends {@code key} (may be null) as its API key. */
  NodeHttp(MemlogNode node, String key) {
    this.base = "http://127.0.0.1:" + node.httpPort();
    this.key = key;
    this.keys = Map.of();
  }

  /**
   * A client that sends the development key of each path's tenant, and the admin key to admin routes, from the
   * keys the node created at its first start.
   */
  NodeHttp(MemlogNode node) {
    this(node.httpPort(), node.createdKeys());
  }

  /**
   * A client of the node listening on {@code port} (in this JVM or another) that sends the key of each path's
   * tenant from {@code keys} ({@code tenant → key}; "admin" for admin routes).
   */
  NodeHttp(int port, Map<String, String> keys) {
    this("127.0.0.1", port, keys);
  }

  /** As {@link #NodeHttp(int, Map)}, for a node listening on {@code host} (a container's mapped port, say). */
  NodeHttp(String host, int port, Map<String, String> keys) {
    this.base = "http://" + host + ":" + port;
    this.key = null;
    this.keys = Map.copyOf(keys);
  }

  private String keyFor(String path) {
    if (key != null || keys.isEmpty()) {
      return key;
    }
    if (path.startsWith("/v1/admin/")) {
      return keys.get("admin");
    }
    var tenant = path.startsWith("/v1/tenants/") ? path.split("/")[3] : "acme";
    return keys.get(tenant);
  }

  /** The status and JSON body of a GET. */
  /**
   * The node's checksum, once every shard it needs serves: while a shard moves (between the node's stream threads
   * right after it starts, or between nodes) the checksum is a 503, so it is asked again until it is a 200.
   */
  JsonNode checksum(Duration patience) {
    return await().atMost(patience).until(() -> get("/v1/admin/checksum"), answer -> answer.status() == 200).json();
  }

  Answer get(String path) {
    return send(path, HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** The status and JSON body of a POST without a body. */
  Answer post(String path) {
    return send(path, HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The status and JSON body of a POST of a JSON body. */
  Answer post(String path, String json) {
    return send(path, HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Answer send(String path, HttpRequest.Builder request) {
    try {
      var presented = keyFor(path);
      if (presented != null) {
        request.header("Authorization", "Bearer " + presented);
      }
      var response = checked(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
      answered.add(response.request().method() + " " + ApiContract.template(path.split("\\?", 2)[0]) + " "
          + response.statusCode());
      var json = response.headers().firstValue("Content-Type").orElse("").contains("json");
      var body = json ? EventCodec.mapper().readTree(response.body()) : null;
      return new Answer(response.statusCode(), body, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What this client was answered, as {@code METHOD template status}, each checked against the document. */
  Set<String> answered() {
    return Set.copyOf(answered);
  }

  /**
   * Fails unless {@code response} is an answer the node's OpenAPI document allows (its closed schemas, statuses,
   * content types and headers), so a field the document does not know fails the test that got it.
   *
   * @return the response, to go on with
   */
  static HttpResponse<String> checked(HttpResponse<String> response) {
    var uri = response.request().uri();
    var path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    ApiContract.check(response.request().method(), path, response.statusCode(),
        name -> response.headers().allValues(name), response.body());
    return response;
  }

  /**
   * Asserts that /health says the projector runs and every partition is applied to its end offset, and that the
   * end offsets hold at least {@code records} records.
   */
  void assertCaughtUp(long records) {
    var health = get("/health");
    assertThat(health.status()).as(health.text()).isEqualTo(200);
    long ends = 0;
    for (var partition : health.json().at("/freshness/partitions")) {
      assertThat(partition.path("lag").asLong()).as(health.text()).isZero();
      assertThat(partition.path("appliedOffset").asLong() + 1).as(health.text())
          .isEqualTo(partition.path("endOffset").asLong());
      ends += partition.path("endOffset").asLong();
    }
    assertThat(ends).as(health.text()).isGreaterThanOrEqualTo(records);
  }

  /** The records applied over every partition, from a /health body. */
  static long applied(JsonNode health) {
    long applied = 0;
    for (var partition : health.at("/freshness/partitions")) {
      applied += partition.path("appliedOffset").asLong() + 1;
    }
    return applied;
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  record Answer(int status, JsonNode json, String text) {}
}
