package dev.memlog.projector.read;

import dev.memlog.projector.sqlite.Micros;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A search on one shard, in two steps. {@link #ranked}: the best {@link #POOL} matches by bm25
 * ({@code search-candidates}), which of them are neighbouring turns ({@code search-adjacent}), ranked by
 * {@link ContextRanking}. {@link #hits}: the snippets
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
    var pool = reads.query("search-candidates", ShardSearch::candidates, query.expression(), tenant,
        Math.max(POOL, depth), filter.conversationId(), filter.role(), filter.agentId(),
        micros(filter.window().from()), micros(filter.window().to()));
    return ContextRanking.rank(query.ranking() == SearchQuery.Ranking.CONTEXT ? withNeighbours(reads, pool) : pool,
        query);
  }

  /**
   * The pool with each match's neighbouring turns that are in the pool too (a neighbour outside it adds nothing to
   * the rank). Two matches are neighbours when they follow each other among the pool's matches of their
   * conversation and no visible message of the conversation lies between them: only those pairs are asked of the
   * shard, in one read. The pool was read in another snapshot than the pairs; a message appended or forgotten
   * between the two reads can change a neighbour, as it would have changed the pool a moment later.
   */
  private static List<SearchCandidate> withNeighbours(ShardReads reads, List<SearchCandidate> pool) {
    var byConversation = new HashMap<String, List<SearchCandidate>>();
    pool.forEach(c -> byConversation.computeIfAbsent(c.conversationId(), k -> new ArrayList<>()).add(c));
    var pairs = new ArrayList<SearchCandidate[]>();
    for (var matches : byConversation.values()) {
      matches.sort(Comparator.comparingLong(SearchCandidate::occurredAt).thenComparing(SearchCandidate::messageId));
      for (int i = 1; i < matches.size(); i++) {
        pairs.add(new SearchCandidate[] {matches.get(i - 1), matches.get(i)});
      }
    }
    if (pairs.isEmpty()) {
      return pool;
    }
    var json = pairs.stream().map(p -> "[" + p[0].rowId() + "," + p[1].rowId() + "]")
        .collect(Collectors.joining(",", "[", "]"));
    List<Integer> adjacent = reads.query("search-adjacent", rows -> {
      var positions = new ArrayList<Integer>();
      while (rows.next()) {
        positions.add(rows.getInt(1));
      }
      return positions;
    }, json);
    var previous = new HashMap<Long, Long>();
    var next = new HashMap<Long, Long>();
    for (int position : adjacent) {
      var pair = pairs.get(position);
      next.put(pair[0].rowId(), pair[1].rowId());
      previous.put(pair[1].rowId(), pair[0].rowId());
    }
    return pool.stream().map(c -> c.withNeighbours(previous.get(c.rowId()), next.get(c.rowId()))).toList();
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
          rows.getString(5), rows.getLong(6), rows.getDouble(7), null, null));
    }
    return list;
  }

  private static SearchHit hit(ContextRanking.Ranked ranked, Details details) {
    var c = ranked.candidate();
    return new SearchHit(c.conversationId(), c.messageId(), c.role(), c.agentId(), Micros.toInstant(c.occurredAt()),
        ranked.score(), details.snippet(), matchedTerms(details.highlighted()), ranked.why());
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
