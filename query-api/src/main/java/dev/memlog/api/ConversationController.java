package dev.memlog.api;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.read.AsOf;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A conversation's summary (RocksDB) and its full history (SQLite) in keyset pages, oldest or newest first,
 * within a time window, and as of a past time or offset of its partition: what the agent knew then.
 */
final class ConversationController {

  static final int MAX_PAGE = 500;

  private final QueryApiDeps deps;

  ConversationController(QueryApiDeps deps) {
    this.deps = deps;
  }

  void summary(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "conversationId");
    var summary = deps.hot().summary(tenant, id).orElseThrow(() -> ApiException.notFound("conversation " + id));
    var body = new LinkedHashMap<String, Object>();
    body.put("conversation", summary);
    body.put("freshness", freshnessOf(tenant, id));
    ctx.json(body);
  }

  void messages(Context ctx) {
    var tenant = Params.tenant(ctx);
    var id = Params.id(ctx, "conversationId");
    int limit = Params.integer(ctx, "limit", 50, 1, MAX_PAGE);
    var cursor = ctx.queryParam("cursor");
    var order = ctx.queryParamAsClass("order", String.class).getOrDefault("asc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw ApiException.badRequest("order must be 'asc' (oldest first) or 'desc' (newest first)");
    }
    var asOf = new AsOf(Params.instant(ctx, "asOf"), ctx.queryParam("asOfOffset") == null ? null
        : (long) Params.integer(ctx, "asOfOffset", 0, 0, Integer.MAX_VALUE));
    var page = deps.history().messages(tenant, id, Params.window(ctx), asOf, order.equals("desc"), cursor, limit);
    if (page.items().isEmpty() && cursor == null && !deps.history().conversationExists(tenant, id)) {
      throw ApiException.notFound("conversation " + id);
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("conversationId", id);
    body.put("messages", page.items());
    body.put("nextCursor", page.nextCursor());
    if (!asOf.equals(AsOf.NOW)) {
      body.put("asOf", asOf);
    }
    body.put("freshness", freshnessOf(tenant, id));
    ctx.json(body);
  }

  private Object freshnessOf(String tenant, String conversationId) {
    int partition = Params.partitionOf(EventKey.conversation(tenant, conversationId), deps.partitions());
    return deps.freshness().of(List.of(partition));
  }
}
