package dev.memlog.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A small HTTP client for a running node in integration tests. */
final class NodeHttp {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String key;

  private final Map<String, String> keys;

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
    this.base = "http://127.0.0.1:" + node.httpPort();
    this.key = null;
    this.keys = Map.copyOf(node.createdKeys());
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
  Answer get(String path) {
    return send(path, HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** The status and JSON body of a POST without a body. */
  Answer post(String path) {
    return send(path, HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private Answer send(String path, HttpRequest.Builder request) {
    try {
      var presented = keyFor(path);
      if (presented != null) {
        request.header("Authorization", "Bearer " + presented);
      }
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  record Answer(int status, JsonNode json, String text) {}
}
