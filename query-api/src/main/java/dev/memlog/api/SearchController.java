package dev.memlog.api;

import dev.memlog.ingest.event.Role;
import dev.memlog.projector.read.SearchFilter;
import dev.memlog.projector.read.SearchQuery;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * Full-text search over a tenant's messages, ranked by bm25 read in each hit's conversation (or by bm25 alone),
 * filtered by conversation, role, agent and time, with each hit's score and its parts, matched words and snippet,
 * and the query as it was understood.
 */
final class SearchController {

  static final int MAX_QUERY_LENGTH = 1_000;
  static final int MAX_LIMIT = 100;
  static final int MAX_OFFSET = 10_000;

  private final QueryApiDeps deps;

  SearchController(QueryApiDeps deps) {
    this.deps = deps;
  }

  void search(Context ctx) {
    var tenant = Params.tenant(ctx);
    var text = ctx.queryParam("q");
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("query parameter q is required");
    }
    if (text.length() > MAX_QUERY_LENGTH) {
      throw ApiException.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters, got " + text.length());
    }
    var mode = Params.choice(ctx, "mode", SearchQuery.Mode.class, SearchQuery.Mode.ANY);
    int limit = Params.integer(ctx, "limit", 20, 1, MAX_LIMIT);
    int offset = Params.integer(ctx, "offset", 0, 0, MAX_OFFSET);
    var query = SearchQuery.parse(text, mode)
        .rankedBy(Params.choice(ctx, "rank", SearchQuery.Ranking.class, SearchQuery.Ranking.CONTEXT));
    var filter = new SearchFilter(Params.optional(ctx, "conversationId"), role(ctx.queryParam("role")),
        Params.optional(ctx, "agentId"), Params.window(ctx));
    var result = deps.history().searchServed(tenant, query, filter, limit, offset);
    var hits = result.hits();
    var body = new LinkedHashMap<String, Object>();
    var interpretation = new LinkedHashMap<String, Object>();
    interpretation.put("text", text);
    interpretation.put("mode", mode.name().toLowerCase(Locale.ROOT));
    interpretation.put("rank", query.ranking().name().toLowerCase(Locale.ROOT));
    interpretation.put("terms", query.terms());
    interpretation.put("fts", query.expression());
    interpretation.put("filter", filter);
    interpretation.put("limit", limit);
    interpretation.put("offset", offset);
    body.put("query", interpretation);
    body.put("hits", hits);
    body.put("found", hits.isEmpty() ? "nothing matched " + (mode == SearchQuery.Mode.ALL ? "all" : "any")
        + " of the terms" + (filter.equals(SearchFilter.NONE) ? "" : " with this filter") : hits.size() + " hits");
    body.put("freshness", deps.freshness().of(result.partitions()));
    if (filter.conversationId() == null && result.partitions().size() < deps.history().partitions()) {
      // never silently smaller: the partitions whose shards this node could not read now
      body.put("partial", true);
      body.put("missingPartitions", java.util.stream.IntStream.range(0, deps.history().partitions()).boxed()
          .filter(partition -> !result.partitions().contains(partition)).toList());
    }
    ctx.json(body);
  }

  private static String role(String role) {
    if (role == null) {
      return null;
    }
    try {
      return Role.fromWireName(role).wireName();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("role must be user, assistant, system or tool, got '" + Params.abbreviate(role)
          + "'");
    }
  }
}
