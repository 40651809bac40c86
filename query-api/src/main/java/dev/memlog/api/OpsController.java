package dev.memlog.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import org.apache.kafka.streams.KafkaStreams;

/** /health for orchestrators, /metrics for Prometheus, /v1/freshness for clients. */
final class OpsController {

  private final QueryApiDeps deps;

  OpsController(QueryApiDeps deps) {
    this.deps = deps;
  }

  void health(Context ctx) {
    var state = deps.projectorState().get();
    var freshness = deps.freshness().all();
    var stuck = deps.stuck().get();
    // a partition being rebuilt serves incomplete answers: not ready, until its replay reaches its end offset;
    // a stuck partition serves answers that stop at the record it is stuck on
    var degraded = freshness.rebuilding() || !stuck.isEmpty();
    var up = state == KafkaStreams.State.RUNNING && !degraded;
    var body = new LinkedHashMap<String, Object>();
    body.put("status", up ? "UP" : degraded ? "DEGRADED" : state.isRunningOrRebalancing() ? "STARTING" : "DOWN");
    body.put("projector", state.name());
    body.put("stuck", stuck);
    body.put("freshness", freshness);
    ctx.status(up ? 200 : 503).json(body);
  }

  void freshness(Context ctx) {
    ctx.json(java.util.Map.of("freshness", deps.freshness().all()));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(deps.meters().scrape());
  }
}
