package dev.memlog.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlog.api.ClusterOps;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.read.ReadUnavailableException;
import dev.memlog.projector.read.RowsAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls the internal routes of another node (JDK HttpClient), each call with a deadline; any failure is a
 * {@link ReadUnavailableException}, so the caller answers 503 or a partial answer, never a 500.
 */
final class PeerClient {

  private static final ObjectMapper MAPPER = EventCodec.mapper();
  /** A checksum reads a whole shard: longer than one query. */
  private static final Duration CHECKSUM_DEADLINE = Duration.ofMinutes(10);

  private final HttpClient http;
  private final String token;
  private final Duration deadline;

  PeerClient(String token, Duration deadline) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.token = token;
    this.deadline = deadline;
  }

  RowsAnswer query(HostInfo host, int partition, String statement, Object[] params, boolean standby) {
    var body = Map.of("statement", statement, "params", Arrays.asList(params));
    try {
      var request = request(host, "/internal/v1/shards/" + partition + "/query" + (standby ? "?standby=true" : ""),
          deadline).POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
          .header("Content-Type", "application/json").build();
      return MAPPER.readValue(send(host, request).body(), RowsAnswer.class);
    } catch (IOException e) {
      throw unavailable(host, e);
    }
  }

  boolean awaitApplied(HostInfo host, int partition, long offset, Duration timeout) {
    var request = request(host, "/internal/v1/shards/" + partition + "/applied?offset=" + offset + "&waitMs="
        + timeout.toMillis(), timeout.plus(deadline)).GET().build();
    try {
      return MAPPER.readTree(send(host, request).body()).path("applied").asBoolean();
    } catch (IOException e) {
      throw unavailable(host, e);
    }
  }

  Checksum checksum(HostInfo host, int partition) {
    var request = request(host, "/internal/v1/shards/" + partition + "/checksum", CHECKSUM_DEADLINE).GET().build();
    try {
      return MAPPER.readValue(send(host, request).body(), Checksum.class);
    } catch (IOException e) {
      throw unavailable(host, e);
    }
  }

  /** A view on {@code host} (computed from its standby shard with {@code standby}). */
  ClusterOps.View view(HostInfo host, String store, String key, boolean standby) {
    var request = request(host, "/internal/v1/views/" + store + "?key="
        + URLEncoder.encode(key, StandardCharsets.UTF_8) + (standby ? "&standby=true" : ""), deadline).GET().build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long applied = response.headers().firstValueAsLong(ClusterOps.APPLIED_HEADER).orElse(-1);
      return new ClusterOps.View(response.statusCode() == 404 ? null : ok(host, response).body(), applied);
    } catch (IOException e) {
      throw unavailable(host, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(host, e);
    }
  }

  private HttpRequest.Builder request(HostInfo host, String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path)).timeout(timeout)
        .header(ClusterOps.TOKEN_HEADER, token);
  }

  private HttpResponse<byte[]> send(HostInfo host, HttpRequest request) throws IOException {
    try {
      return ok(host, http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(host, e);
    }
  }

  private static HttpResponse<byte[]> ok(HostInfo host, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new ReadUnavailableException("node " + host + " answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }

  private static ReadUnavailableException unavailable(HostInfo host, Exception e) {
    return new ReadUnavailableException("node " + host + " cannot be read now: " + e, e);
  }
}
