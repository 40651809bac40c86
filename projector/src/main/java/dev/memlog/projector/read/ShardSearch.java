package dev.memlog.projector.read;

import dev.memlog.projector.sqlite.Micros;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A search on one shard, in two steps. {@link #ranked}: the best {@link #POOL} matches by bm25 with their
 * neighbouring turns ({@code search-candidates}), ranked by {@link ContextRanking}. {@link #hits}: the snippets
 * of those of them that made the page the caller cut ({@code search-details}). A search of every shard ranks each
 * shard's pool, merges them and cuts the page first, so snippets are made for the page only, not for a page per
 * shard. A page within the first {@link #POOL} hits is always cut from the same ranked pool; deeper pages rank a
 * larger one.
 */
final class ShardSearch {

  /** How many bm25 matches a shard ranks at least. */
  static final int POOL = 200;

  private static final Pattern HIGHLIGHT = Pattern.compile("\u0002(.*?)\u0003", Pattern.DOTALL);

  private ShardSearch() {}

  /** The shard's matches, best first, at least enough for a page ending at {@code depth}. */
  static List<ContextRanking.Ranked> ranked(ShardReads reads, String tenant, SearchQuery query, SearchFilter filter,
      int depth) {
    var candidates = reads.query("search-candidates", ShardSearch::candidates, query.expression(), tenant,
        Math.max(POOL, depth), filter.conversationId(), filter.role(), filter.agentId(),
        micros(filter.window().from()), micros(filter.window().to()));
    return ContextRanking.rank(candidates, query);
  }

  /** The hits of ranked matches of this shard, in their order, with their snippets and matched terms. */
  static List<SearchHit> hits(ShardReads reads, SearchQuery query, List<ContextRanking.Ranked> page) {
    if (page.isEmpty()) {
      return List.of();
    }
    var rowIds = page.stream().map(r -> Long.toString(r.candidate().rowId())).collect(Collectors.joining(",", "[", "]"));
    Map<Long, Details> details = reads.query("search-details", rows -> {
      var byRow = new HashMap<Long, Details>();
      while (rows.next()) {
        byRow.put(rows.getLong(1), new Details(rows.getString(2), rows.getString(3), rows.getString(4),
            rows.getString(5)));
      }
      return byRow;
    }, query.expression(), rowIds);
    return page.stream().map(r -> hit(r, detailsOf(r.candidate(), details))).toList();
  }

  /** A page row's snippet and highlighted text, with the key of the message its rowid held when they were read. */
  private record Details(String snippet, String highlighted, String conversationId, String messageId) {
    static final Details NONE = new Details(null, null, null, null);
  }

  /** The snippet and highlights of the candidate's message; none if its rowid now holds another message. */
  private static Details detailsOf(SearchCandidate candidate, Map<Long, Details> details) {
    var found = details.get(candidate.rowId());
    boolean same = found != null && candidate.conversationId().equals(found.conversationId())
        && candidate.messageId().equals(found.messageId());
    return same ? found : Details.NONE;
  }

  private static List<SearchCandidate> candidates(java.sql.ResultSet rows) throws java.sql.SQLException {
    var list = new ArrayList<SearchCandidate>();
    while (rows.next()) {
      list.add(new SearchCandidate(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
          rows.getString(5), rows.getLong(6), rows.getDouble(7), rowId(rows.getObject(8)), rowId(rows.getObject(9))));
    }
    return list;
  }

  private static SearchHit hit(ContextRanking.Ranked ranked, Details details) {
    var c = ranked.candidate();
    return new SearchHit(c.conversationId(), c.messageId(), c.role(), c.agentId(), Micros.toInstant(c.occurredAt()),
        ranked.score(), details.snippet(), matchedTerms(details.highlighted()), ranked.why());
  }

  private static Long rowId(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  /** The distinct words FTS5 highlighted in a message, lower-cased, in order of appearance. */
  private static List<String> matchedTerms(String highlighted) {
    var terms = new LinkedHashSet<String>();
    var matcher = HIGHLIGHT.matcher(highlighted == null ? "" : highlighted);
    while (matcher.find()) {
      terms.add(matcher.group(1).toLowerCase(Locale.ROOT));
    }
    return List.copyOf(terms);
  }

  private static Long micros(Instant instant) {
    return instant == null ? null : Micros.of(instant);
  }
}
