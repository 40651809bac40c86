package dev.memlog.ingest.read;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GETs JSON from one node with one API key: a timeout per request, and retries (reads are safe to repeat) when the
 * node cannot be reached or answers 429, 502, 503 or 504, after its Retry-After or a doubling backoff.
 */
final class ReaderHttp {

  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final HttpClient http;
  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final int attempts;
  private final Duration backoff;

  ReaderHttp(String baseUrl, String apiKey, Duration timeout, int attempts, Duration backoff) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.attempts = attempts;
    this.backoff = backoff;
  }

  <T> T get(String pathAndQuery, Class<T> type) {
    var request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
        .header("X-Api-Key", apiKey).header("Accept", "application/json").GET().build();
    for (int attempt = 1; ; attempt++) {
      String retryAfter;
      try {
        var answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() < 300) {
          return mapper.readValue(answer.body(), type);
        }
        var problem = problem(answer);
        if (attempt >= attempts || !RETRYABLE.contains(problem.status())) {
          throw problem;
        }
        retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw new UncheckedIOException("GET " + request.uri() + " failed after " + attempts + " attempts", e);
        }
        retryAfter = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + request.uri(), e);
      }
      pause(attempt, retryAfter);
    }
  }

  private MemlogProblemException problem(HttpResponse<byte[]> answer) {
    JsonNode body;
    try {
      body = mapper.readTree(answer.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return new MemlogProblemException(answer.statusCode(), "", "HTTP " + answer.statusCode(), null, null,
          List.of());
    }
    var errors = new ArrayList<MemlogProblemException.FieldError>();
    for (var error : body.path("errors")) {
      errors.add(new MemlogProblemException.FieldError(error.path("field").asText(), error.path("message").asText(),
          error.hasNonNull("index") ? error.get("index").asInt() : null, text(error, "reason")));
    }
    return new MemlogProblemException(answer.statusCode(), body.path("type").asText(""),
        body.path("title").asText("HTTP " + answer.statusCode()), text(body, "detail"), text(body, "requestId"),
        errors);
  }

  private static String text(JsonNode body, String field) {
    return body.hasNonNull(field) ? body.get(field).asText() : null;
  }

  private void pause(int attempt, String retryAfter) {
    var wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    if (retryAfter != null && retryAfter.strip().matches("\\d{1,6}")) {
      wait = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
    }
    try {
      Thread.sleep(Math.min(wait.toMillis(), MAX_BACKOFF.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
