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
    // a partition being rebuilt serves incomplete answers: not ready, until its replay reaches its end offset
    var up = state == KafkaStreams.State.RUNNING && !freshness.rebuilding();
    var body = new LinkedHashMap<String, Object>();
    body.put("status", up ? "UP" : freshness.rebuilding() ? "DEGRADED"
        : state.isRunningOrRebalancing() ? "STARTING" : "DOWN");
    body.put("projector", state.name());
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
