package dev.memlog.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Reads a node's API: health, applied offsets, and any JSON route. */
public final class NodeHttp {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int port;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  public NodeHttp(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** A GET's status and body (null body when not 2xx). */
  public record Answer(int status, JsonNode body) {}

  public Answer get(String path) {
    return get(path, false);
  }

  /** A GET's status and body, with the body of a 503 too (/health answers one while shards restore). */
  private Answer get(String path, boolean anyStatus) {
    var builder = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
    var key = BenchKeys.keyForPath(path);
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    var request = builder.build();
    try {
      var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      var ok = response.statusCode() / 100 == 2 || anyStatus && response.statusCode() == 503;
      return new Answer(response.statusCode(), ok ? MAPPER.readTree(response.body()) : null);
    } catch (IOException e) {
      return new Answer(-1, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The node's metrics in Prometheus' text format; empty if it does not answer. */
  public String metrics() {
    try {
      var response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Whether the node's process works and its API answers (its shards may still be restoring). */
  boolean alive() {
    return get("/livez").status() == 200;
  }

  /** The last applied offset of each partition, from /health; empty if the node does not answer. */
  public Map<Integer, Long> appliedOffsets() {
    var answer = get("/health", true);
    var offsets = new HashMap<Integer, Long>();
    if (answer.body() != null) {
      answer.body().path("freshness").path("partitions").forEach(p ->
          offsets.put(p.path("partition").asInt(), p.path("appliedOffset").asLong(-1)));
    }
    return offsets;
  }
}
