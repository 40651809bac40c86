package dev.memlog.api;

import dev.memlog.ingest.event.EventKey;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;

/** An entity by id (RocksDB) and its relations both ways (SQLite). */
final class EntityController {

  static final int MAX_RELATIONS = 500;

  private final QueryApiDeps deps;

  EntityController(QueryApiDeps deps) {
    this.deps = deps;
  }

  void entity(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "entityId");
    var entity = deps.hot().entity(tenant, id).orElseThrow(() -> ApiException.notFound("entity " + id));
    var body = new LinkedHashMap<String, Object>();
    body.put("entity", entity);
    body.put("freshness", deps.freshness().of(List.of(Params.partitionOf(EventKey.entity(tenant, id),
        deps.partitions()))));
    ctx.json(body);
  }

  void relations(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "entityId");
    int limit = Params.integer(ctx, "limit", 100, 1, MAX_RELATIONS);
    var outgoing = deps.history().relationsFrom(tenant, id, limit);
    var incoming = deps.history().relationsTo(tenant, id, limit);
    if (outgoing.isEmpty() && incoming.isEmpty() && !deps.history().entityExists(tenant, id)) {
      throw ApiException.notFound("entity " + id);
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("entityId", id);
    body.put("outgoing", outgoing);
    body.put("incoming", incoming);
    body.put("freshness", deps.freshness().all());
    ctx.json(body);
  }
}
