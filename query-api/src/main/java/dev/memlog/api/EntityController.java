package dev.memlog.api;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.read.GraphReader;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The entity graph: an entity by id (RocksDB); lookups by name and type, relations both ways, neighbourhoods
 * to a bounded depth and the messages that mention an entity (SQLite).
 */
final class EntityController {

  static final int MAX_RELATIONS = 500;
  static final int MAX_FAN_OUT = 50;

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

  void find(Context ctx) {
    var tenant = Params.tenant(ctx);
    var name = Params.optional(ctx, "name");
    var type = Params.optional(ctx, "type");
    if (name == null && type == null) {
      throw ApiException.badRequest("give name (a prefix, any case) or type, or both");
    }
    int limit = Params.integer(ctx, "limit", 50, 1, MAX_RELATIONS);
    var body = new LinkedHashMap<String, Object>();
    body.put("entities", deps.graph().find(tenant, name, type, limit));
    body.put("freshness", deps.freshness().all());
    ctx.json(body);
  }

  void relations(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "entityId");
    int limit = Params.integer(ctx, "limit", 100, 1, MAX_RELATIONS);
    var outgoing = deps.graph().relationsFrom(tenant, id, limit);
    var incoming = deps.graph().relationsTo(tenant, id, limit);
    requireKnown(tenant, id, !outgoing.isEmpty() || !incoming.isEmpty());
    var body = new LinkedHashMap<String, Object>();
    body.put("entityId", id);
    body.put("outgoing", outgoing);
    body.put("incoming", incoming);
    body.put("freshness", deps.freshness().all());
    ctx.json(body);
  }

  void neighbours(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "entityId");
    int depth = Params.integer(ctx, "depth", 1, 1, GraphReader.MAX_DEPTH);
    int fanOut = Params.integer(ctx, "fanOut", 20, 1, MAX_FAN_OUT);
    var neighbourhood = deps.graph().neighbours(tenant, id, depth, fanOut);
    requireKnown(tenant, id, !neighbourhood.relations().isEmpty());
    var body = new LinkedHashMap<String, Object>();
    body.put("entityId", id);
    body.put("depth", depth);
    body.put("fanOut", fanOut);
    body.put("entities", neighbourhood.depths());
    body.put("relations", neighbourhood.relations());
    body.put("truncated", neighbourhood.entities().size() >= GraphReader.MAX_NODES);
    body.put("freshness", deps.freshness().all());
    ctx.json(body);
  }

  void mentions(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "entityId");
    int limit = Params.integer(ctx, "limit", 50, 1, MAX_RELATIONS);
    var mentions = deps.graph().mentions(tenant, id, limit);
    requireKnown(tenant, id, !mentions.isEmpty());
    var body = new LinkedHashMap<String, Object>();
    body.put("entityId", id);
    body.put("mentions", mentions);
    body.put("freshness", deps.freshness().all());
    ctx.json(body);
  }

  /** A 404 unless the entity has rows of its own or exists in the tenant. */
  private void requireKnown(String tenant, String id, boolean hasRows) {
    if (!hasRows && !deps.graph().entityExists(tenant, id)) {
      throw ApiException.notFound("entity " + id);
    }
  }
}
