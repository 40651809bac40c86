package dev.memlog.ingest.read;

import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.read.ReadAnswers.ConversationAnswer;
import dev.memlog.ingest.read.ReadAnswers.EntityAnswer;
import dev.memlog.ingest.read.ReadAnswers.FreshnessAnswer;
import dev.memlog.ingest.read.ReadAnswers.MentionsAnswer;
import dev.memlog.ingest.read.ReadAnswers.Message;
import dev.memlog.ingest.read.ReadAnswers.MessagePage;
import dev.memlog.ingest.read.ReadAnswers.NeighboursAnswer;
import dev.memlog.ingest.read.ReadAnswers.RelationsAnswer;
import dev.memlog.ingest.read.ReadAnswers.SearchAnswer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a tenant's memory over a memlog node's HTTP API, so that a JVM agent does not hand-write HTTP.
 *
 * <pre>{@code
 * var reader = MemlogReader.builder().baseUrl("http://127.0.0.1:8080").apiKey(key).tenant("acme").build();
 * PublishResult written = client.publish(events.messageAppended("c-42", "m-1", Role.USER, "Hello")).join();
 * var hits = reader.search(SearchRequest.of("hello"), written.token()).hits();
 * }</pre>
 *
 * <p>Every read takes {@code after}, a {@link ConsistencyToken} (from {@link dev.memlog.ingest.client.PublishResult}
 * or {@link ConsistencyToken#parse(String)} of the HTTP ingest's token), or null: with a token the node answers once
 * it has applied those writes. Reads are retried when the node cannot be reached or answers 429, 502, 503 (not yet
 * applied, busy, restoring) or 504. Thread-safe.
 *
 * <p>Every method throws {@link MemlogProblemException} for an error answer (404 for an id the tenant does not
 * have), and {@link java.io.UncheckedIOException} when the node did not answer.
 */
public final class MemlogReader {

  private final ReaderHttp http;
  private final String tenantPath;

  private MemlogReader(ReaderHttp http, String tenant) {
    this.http = http;
    this.tenantPath = "/v1/tenants/" + encode(tenant);
  }

  /** A builder; base URL, API key and tenant have no default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A conversation's summary and latest messages. */
  public ConversationAnswer conversation(String conversationId, ConsistencyToken after) {
    return get("/conversations/" + encode(conversationId), Map.of(), after, ConversationAnswer.class);
  }

  /** One page of a conversation's messages, oldest first; {@code cursor} is the previous page's, or null. */
  public MessagePage messages(String conversationId, int limit, String cursor, ConsistencyToken after) {
    var query = new LinkedHashMap<String, Object>();
    query.put("limit", limit);
    query.put("cursor", cursor);
    return get("/conversations/" + encode(conversationId) + "/messages", query, after, MessagePage.class);
  }

  /** Every message of a conversation, oldest first, read page by page as the stream is consumed. */
  public Stream<Message> history(String conversationId, int pageSize, ConsistencyToken after) {
    return Stream.iterate(messages(conversationId, pageSize, null, after), Objects::nonNull,
            page -> page.nextCursor() == null ? null : messages(conversationId, pageSize, page.nextCursor(), null))
        .flatMap(page -> page.messages().stream());
  }

  /** Full-text search over the tenant's messages, best first. */
  public SearchAnswer search(SearchRequest search, ConsistencyToken after) {
    var query = new LinkedHashMap<String, Object>();
    query.put("q", search.text());
    query.put("mode", search.mode());
    query.put("limit", search.limit());
    query.put("conversationId", search.conversationId());
    query.put("role", search.role());
    query.put("agentId", search.agentId());
    query.put("from", search.from());
    query.put("to", search.to());
    return get("/search", query, after, SearchAnswer.class);
  }

  /** An entity. */
  public EntityAnswer entity(String entityId, ConsistencyToken after) {
    return get("/entities/" + encode(entityId), Map.of(), after, EntityAnswer.class);
  }

  /** The relations from and to an entity, strongest first. */
  public RelationsAnswer relations(String entityId, ConsistencyToken after) {
    return get("/entities/" + encode(entityId) + "/relations", Map.of(), after, RelationsAnswer.class);
  }

  /** The entities within {@code depth} (1-3) relations of an entity, both ways. */
  public NeighboursAnswer neighbours(String entityId, int depth, ConsistencyToken after) {
    return get("/entities/" + encode(entityId) + "/neighbours", Map.of("depth", depth), after,
        NeighboursAnswer.class);
  }

  /** The messages that mention an entity, newest first. */
  public MentionsAnswer mentions(String entityId, ConsistencyToken after) {
    return get("/entities/" + encode(entityId) + "/mentions", Map.of(), after, MentionsAnswer.class);
  }

  /** Every partition's applied offset, end offset and lag. */
  public FreshnessAnswer freshness() {
    return http.get("/v1/freshness", FreshnessAnswer.class);
  }

  private <T> T get(String path, Map<String, Object> query, ConsistencyToken after, Class<T> type) {
    var all = new LinkedHashMap<>(query);
    if (after != null) {
      all.put("after", after.encode());
      all.put("waitMs", 10_000);
    }
    var text = all.entrySet().stream().filter(e -> e.getValue() != null)
        .map(e -> e.getKey() + "=" + encode(e.getValue().toString())).collect(Collectors.joining("&"));
    return http.get(tenantPath + path + (text.isEmpty() ? "" : "?" + text), type);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Settings of a {@link MemlogReader}. */
  public static final class Builder {

    private String baseUrl;
    private String apiKey;
    private String tenant;
    private Duration timeout = Duration.ofSeconds(15);
    private int attempts = 3;
    private Duration backoff = Duration.ofMillis(250);

    private Builder() {}

    /** The node, e.g. {@code http://127.0.0.1:8080}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** A key bound to {@link #tenant(String)}, sent as {@code X-Api-Key}. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The tenant whose memory is read. */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** How long to connect, and how long one request may take (default 15 s: a token's wait is up to 10 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How many times a read is tried (default 3), and the first wait between tries (default 250 ms, doubling). */
    public Builder retries(int attempts, Duration backoff) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
      this.attempts = attempts;
      this.backoff = backoff;
      return this;
    }

    /**
     * The reader.
     *
     * @throws NullPointerException if the base URL, the API key or the tenant is missing
     */
    public MemlogReader build() {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(tenant, "tenant");
      return new MemlogReader(new ReaderHttp(baseUrl, apiKey, timeout, attempts, backoff), tenant);
    }
  }
}
