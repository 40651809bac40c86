package dev.memlog.api;

import dev.memlog.projector.read.SearchQuery;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Full-text search over a tenant's messages, ranked by bm25, with snippets. */
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
    var mode = mode(ctx.queryParam("mode"));
    int limit = Params.integer(ctx, "limit", 20, 1, MAX_LIMIT);
    int offset = Params.integer(ctx, "offset", 0, 0, MAX_OFFSET);
    var query = SearchQuery.parse(text, mode);
    var hits = deps.history().search(tenant, query, limit, offset);
    var body = new LinkedHashMap<String, Object>();
    body.put("query", Map.of("text", text, "mode", mode.name().toLowerCase(Locale.ROOT), "terms", query.terms(),
        "fts", query.expression()));
    body.put("hits", hits);
    body.put("found", hits.isEmpty() ? "nothing matched any of the terms" : hits.size() + " hits");
    body.put("freshness", deps.freshness().all());
    ctx.json(body);
  }

  private static SearchQuery.Mode mode(String mode) {
    if (mode == null || mode.equalsIgnoreCase("any")) {
      return SearchQuery.Mode.ANY;
    }
    if (mode.equalsIgnoreCase("all")) {
      return SearchQuery.Mode.ALL;
    }
    throw ApiException.badRequest("mode must be 'any' or 'all', got '" + Params.abbreviate(mode) + "'");
  }
}
