package dev.memlog.api;

import dev.memlog.ingest.client.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;

/**
 * Read-your-writes: a read that passes a consistency token ({@code ?after=TOKEN} or the header
 * {@code X-Memlog-After}) is answered once the read model has applied the offsets in it, waiting at most
 * {@code waitMs} (default 2 s, at most 10 s). If they are not applied by then, the answer is a 503
 * {@code not-yet-applied} problem with Retry-After, never stale data presented as current. The wait runs on the
 * bounded pool of waiting reads, not on the threads that serve reads; a token naming a partition or an offset
 * that does not exist is a 400 at once.
 */
final class ConsistencyGate {

  static final String HEADER = "X-Memlog-After";
  static final int DEFAULT_WAIT_MS = 2_000;
  static final int MAX_WAIT_MS = 10_000;

  private final QueryApiDeps deps;
  private final WaitingWork waits;

  ConsistencyGate(QueryApiDeps deps, WaitingWork waits) {
    this.deps = deps;
    this.waits = waits;
  }

  void await(Context ctx) {
    var text = ctx.queryParam("after") != null ? ctx.queryParam("after") : ctx.header(HEADER);
    if (text == null || !ctx.path().startsWith("/v1/tenants/") || !ctx.method().name().equals("GET")) {
      return;
    }
    var offsets = ConsistencyToken.parse(text).offsets();
    for (int partition : offsets.keySet()) {
      if (partition < 0 || partition >= deps.partitions()) {
        // a token this memory never gave out: waiting for it would only hold a thread
        throw ApiException.badRequest("the token names partition " + partition + ", but the events topic has "
            + deps.partitions() + " partitions");
      }
    }
    int waitMs = Params.integer(ctx, "waitMs", DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);
    requireWritten(offsets);
    waits.run(ctx, () -> {
      if (!deps.waiter().await(offsets, Duration.ofMillis(waitMs))) {
        ctx.header("Retry-After", "1");
        throw new ApiException(503, "not-yet-applied", "Not yet applied",
            "the read model has not applied the token's offsets " + offsets + " within " + waitMs
                + " ms; retry, or read without the token to get the current state");
      }
    });
  }

  /**
   * Refuses a token naming an offset no record has, as the broker confirms: it would never be applied. It costs a
   * question to the broker only for an offset past the end offsets last read (a write acknowledged a moment ago).
   */
  private void requireWritten(Map<Integer, Long> offsets) {
    offsets.forEach((partition, offset) -> {
      if (deps.freshness().beyondEnd(partition, offset)) {
        throw ApiException.badRequest("the token names offset " + offset + " of partition " + partition
            + ", beyond the partition's end: no record was written there");
      }
    });
  }
}
