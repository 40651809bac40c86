package dev.memlog.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** POSTs to a running node's admin routes in integration tests. */
final class AdminHttp {

  private AdminHttp() {}

  static NodeHttp.Answer post(MemlogNode node, String path) {
    try {
      var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = EventCodec.mapper().readTree(response.body());
      return new NodeHttp.Answer(response.statusCode(), body, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
