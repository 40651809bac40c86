package dev.memlog.api;

import dev.memlog.freshness.Freshness;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * /livez and /readyz for orchestrators, /health for people, /metrics for Prometheus, /v1/freshness for clients.
 */
final class OpsController {

  /** The largest lag of a served partition that /readyz accepts, unless the probe asks for another. */
  static final long READY_MAX_LAG = 10_000;

  private final QueryApiDeps deps;

  OpsController(QueryApiDeps deps) {
    this.deps = deps;
    Gauge.builder("memlog.ready", this, ops -> ops.ready(READY_MAX_LAG) ? 1 : 0)
        .description("1 while this node would answer /readyz with 200 (default maxLag), else 0")
        .register(deps.meters());
  }

  void health(Context ctx) {
    var state = deps.projectorState().get();
    var freshness = deps.freshness().all();
    var stuck = deps.stuck().get();
    // a partition being rebuilt serves incomplete answers: not ready, until its replay reaches its end offset;
    // a stuck partition serves answers that stop at the record it is stuck on; and while the broker does not
    // confirm the end offsets, nobody can tell how far behind the answers are
    var degraded = freshness.rebuilding() || !stuck.isEmpty() || freshness.lag() == null;
    var up = state == KafkaStreams.State.RUNNING && !degraded;
    var body = new LinkedHashMap<String, Object>();
    body.put("status", up ? "UP" : degraded ? "DEGRADED" : state.isRunningOrRebalancing() ? "STARTING" : "DOWN");
    body.put("projector", state.name());
    body.put("stuck", stuck);
    body.put("freshness", freshness);
    ctx.status(up ? 200 : 503).json(body);
  }

  /** The process works: its projector has not stopped for good. */
  void livez(Context ctx) {
    var state = deps.projectorState().get();
    var alive = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
        && state != KafkaStreams.State.PENDING_ERROR;
    ctx.status(alive ? 200 : 503).json(java.util.Map.of("status", alive ? "ALIVE" : "DEAD", "projector",
        state.name()));
  }

  /**
   * This node can take requests: its projector runs (or rebalances while it still serves shards, so that one
   * rebalance does not take every node out at once), none of the shards it serves is stuck or rebuilding, and each
   * is within {@code maxLag} records of its partition's end, as the broker confirmed lately. A node that serves no shard answers through the
   * others, and is ready once its projector runs.
   */
  void readyz(Context ctx) {
    long maxLag = Params.integer(ctx, "maxLag", (int) READY_MAX_LAG, 0, Integer.MAX_VALUE);
    var state = deps.projectorState().get();
    var served = deps.history().servedPartitions();
    var freshness = deps.freshness().of(served);
    var stuck = deps.stuck().get();
    var ready = ready(state, served, freshness, stuck, maxLag);
    var body = new LinkedHashMap<String, Object>();
    body.put("status", ready ? "READY" : "NOT_READY");
    body.put("projector", state.name());
    body.put("servedPartitions", served);
    body.put("stuck", stuck);
    body.put("freshness", freshness);
    ctx.status(ready ? 200 : 503).json(body);
  }

  private boolean ready(long maxLag) {
    var served = deps.history().servedPartitions();
    return ready(deps.projectorState().get(), served, deps.freshness().of(served), deps.stuck().get(), maxLag);
  }

  private boolean ready(KafkaStreams.State state, List<Integer> served, Freshness freshness, List<?> stuck,
      long maxLag) {
    var running = state == KafkaStreams.State.RUNNING
        || state == KafkaStreams.State.REBALANCING && !served.isEmpty();
    return running && stuck.isEmpty() && !freshness.rebuilding() && freshness.lagAtMost(maxLag)
        && deps.freshness().brokerReachable();
  }

  void freshness(Context ctx) {
    ctx.json(java.util.Map.of("freshness", deps.freshness().all()));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(deps.meters().scrape());
  }
}
