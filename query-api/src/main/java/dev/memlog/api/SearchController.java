package dev.memlog.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.memlog.freshness.Freshness;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.read.SearchFilter;
import dev.memlog.projector.read.SearchHit;
import dev.memlog.projector.read.SearchQuery;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

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
    var interpretation = new Interpretation(text, mode.name().toLowerCase(Locale.ROOT),
        query.ranking().name().toLowerCase(Locale.ROOT), query.terms(), query.expression(), filter, limit, offset);
    var partitions = deps.history().partitions();
    // never silently smaller: the partitions whose shards this node could not read now
    var missing = filter.conversationId() != null ? List.<Integer>of() : IntStream.range(0, partitions).boxed()
        .filter(partition -> !result.partitions().contains(partition)).toList();
    ctx.json(new Answer(interpretation, result.hits(), result.hits().size(), deps.freshness().of(result.partitions()),
        missing.isEmpty() ? null : true, missing.isEmpty() ? null : missing));
  }

  /**
   * How the search text was understood.
   *
   * @param text the text as given
   * @param mode {@code any} or {@code all}
   * @param rank {@code context} or {@code bm25}
   * @param terms the words and phrases searched for
   * @param fts the FTS5 expression they became
   * @param filter what the hits were kept to
   * @param limit the most hits asked for
   * @param offset the hits skipped
   */
  record Interpretation(String text, String mode, String rank, List<String> terms, String fts, SearchFilter filter,
      int limit, int offset) {}

  /**
   * A search's answer.
   *
   * @param found the number of hits in this answer; 0 when nothing matched
   * @param partial true when shards of some partitions could not be read (absent otherwise)
   * @param missingPartitions those partitions (absent when none)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Answer(Interpretation query, List<SearchHit> hits, int found, Freshness freshness, Boolean partial,
      List<Integer> missingPartitions) {}

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
