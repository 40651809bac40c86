package dev.memlog.api;

import dev.memlog.ingest.event.EventKey;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A conversation's summary (RocksDB) and its full history (SQLite) in keyset pages, oldest or newest first,
 * within a time window if asked.
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
    var page = deps.history().messages(tenant, id, Params.window(ctx), order.equals("desc"), cursor, limit);
    if (page.items().isEmpty() && cursor == null && !deps.history().conversationExists(tenant, id)) {
      throw ApiException.notFound("conversation " + id);
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("conversationId", id);
    body.put("messages", page.items());
    body.put("nextCursor", page.nextCursor());
    body.put("freshness", freshnessOf(tenant, id));
    ctx.json(body);
  }

  private Object freshnessOf(String tenant, String conversationId) {
    int partition = Params.partitionOf(EventKey.conversation(tenant, conversationId), deps.partitions());
    return deps.freshness().of(List.of(partition));
  }
}
