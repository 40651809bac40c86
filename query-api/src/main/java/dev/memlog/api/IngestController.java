package dev.memlog.api;

import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.client.PublishResult;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.InvalidEventException;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** The longest a request waits for Kafka to acknowledge its events. */
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final QueryApiDeps deps;
  private final WaitingWork sends;
  private final IncomingEvents incoming;

  IngestController(QueryApiDeps deps, WaitingWork sends, Clock clock) {
    this.deps = deps;
    this.sends = sends;
    this.incoming = new IncomingEvents(clock);
  }

  void publish(Context ctx) {
    var tenant = Params.tenant(ctx);
    if (!ctx.isJson()) {
      var given = ctx.contentType() == null ? "a body without Content-Type" : "'" + Params.abbreviate(
          ctx.contentType()) + "'";
      throw new UnsupportedMediaTypeResponse("send events as application/json, not " + given);
    }
    var events = incoming.read(ctx.bodyAsBytes(), tenant, ctx.header(IncomingEvents.IDEMPOTENCY_KEY));
    if (!deps.freshness().brokerReachable()) {
      ctx.header("Retry-After", "5");
      throw new ApiException(503, "broker-unreachable", "Kafka unreachable",
          "the Kafka cluster has not answered this node lately; nothing was published, retry later");
    }
    sends.run(ctx, () -> send(ctx, events));
  }

  private void send(Context ctx, List<EventCodec.Validated> events) throws InterruptedException {
    List<CompletableFuture<PublishResult>> sent;
    try {
      sent = deps.client().publishValidated(events);
    } catch (InvalidEventException e) {
      // valid as sent, but not as it would be written (an event too large once its content is sealed)
      throw new ApiException(400, "invalid-event", "Invalid event", e.getMessage() + "; nothing was published",
          List.of(new ProblemError("$", e.getMessage(), null, e.reason().name())));
    }
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
    ctx.status(202).json(new Published(published, ConsistencyToken.of(published).encode()));
  }

  /**
   * The answer to a publish.
   *
   * @param published where each event was written, in the order sent
   * @param token the consistency token of these writes
   */
  record Published(List<PublishResult> published, String token) {}
}
