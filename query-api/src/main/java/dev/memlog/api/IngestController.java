package dev.memlog.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.client.PublishResult;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events sent over HTTP: one event object or an array of them, all of the path's tenant. Every event is
 * validated before any is sent, so a bad batch publishes nothing. Answers 202 with where each event was written.
 * The send, which waits for Kafka, runs on the bounded pool of ingest sends; while the broker is unreachable, a
 * request is refused at once with 503 and Retry-After instead of waiting for it.
 */
final class IngestController {

  static final int MAX_EVENTS = 1_000;

  /** The longest a request waits for Kafka to acknowledge its events. */
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final QueryApiDeps deps;
  private final WaitingWork sends;
  private final EventCodec codec = new EventCodec();

  IngestController(QueryApiDeps deps, WaitingWork sends) {
    this.deps = deps;
    this.sends = sends;
  }

  void publish(Context ctx) {
    var tenant = Params.tenant(ctx);
    if (!ctx.isJson()) {
      var given = ctx.contentType() == null ? "a body without Content-Type" : "'" + Params.abbreviate(
          ctx.contentType()) + "'";
      throw new UnsupportedMediaTypeResponse("send events as application/json, not " + given);
    }
    var events = parse(ctx.bodyAsBytes());
    for (var event : events) {
      if (!event.tenant().equals(tenant)) {
        throw ApiException.badRequest("event " + event.eventId() + " belongs to tenant '" + event.tenant()
            + "', not to '" + tenant + "'");
      }
    }
    if (!deps.freshness().brokerReachable()) {
      ctx.header("Retry-After", "5");
      throw new ApiException(503, "broker-unreachable", "Kafka unreachable",
          "the Kafka cluster has not answered this node lately; nothing was published, retry later");
    }
    sends.run(ctx, () -> send(ctx, events));
  }

  private void send(Context ctx, List<MemoryEvent> events) throws InterruptedException {
    var sent = deps.client().publishAll(events);
    var published = new ArrayList<PublishResult>();
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    try {
      for (var future : sent) {
        published.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
    } catch (ExecutionException | TimeoutException e) {
      ctx.header("Retry-After", "1");
      throw new ApiException(503, "publish-failed", "Events not published",
          "Kafka did not acknowledge the events: " + e.getMessage());
    }
    ctx.status(202).json(Map.of("published", published, "token", ConsistencyToken.of(published).encode()));
  }

  private List<MemoryEvent> parse(byte[] body) {
    JsonNode tree;
    try {
      tree = EventCodec.mapper().readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + e.getMessage());
    }
    if (tree == null || !(tree.isObject() || tree.isArray())) {
      throw ApiException.badRequest("the body must be an event object or an array of events");
    }
    var nodes = new ArrayList<JsonNode>();
    if (tree.isArray()) {
      tree.forEach(nodes::add);
    } else {
      nodes.add(tree);
    }
    if (nodes.isEmpty() || nodes.size() > MAX_EVENTS) {
      throw ApiException.badRequest("send between 1 and " + MAX_EVENTS + " events, got " + nodes.size());
    }
    var events = new ArrayList<MemoryEvent>();
    for (int i = 0; i < nodes.size(); i++) {
      try {
        events.add(codec.decode(EventCodec.mapper().writeValueAsBytes(nodes.get(i))));
      } catch (IOException e) {
        throw ApiException.badRequest("event " + i + " cannot be read: " + e.getMessage());
      } catch (dev.memlog.ingest.event.InvalidEventException e) {
        throw new dev.memlog.ingest.event.InvalidEventException(e.reason(), "event " + i + ": " + e.getMessage());
      }
    }
    return events;
  }
}
