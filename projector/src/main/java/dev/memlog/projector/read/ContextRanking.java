package dev.memlog.projector.read;

import dev.memlog.projector.sqlite.Micros;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranks the candidates of one shard for a question asked of a conversation. bm25 reads each message alone, but in
 * a conversation the answer to a question often shares few words with it while the turn just before or after
 * (the question it answers, the remark it answers to) shares many: a candidate gains {@link #NEIGHBOUR_WEIGHT}
 * times the best bm25 of its two neighbouring turns (when they matched too). And a question that names a speaker
 * ("What did Caroline paint?") is most often answered by that speaker's own turns, while the name itself is
 * mostly written in the other speaker's turns ("Hey Caroline!"): a message whose agent id is a word of the
 * question has its score multiplied by {@link #SPEAKER_BOOST}. A question that names a month or a year ("camping
 * in June") multiplies the score of the messages of that time by {@link #TIME_BOOST}. Pure: no SQL, no clock.
 */
final class ContextRanking {

  /** How much of the better neighbour's bm25 a message gains. */
  static final double NEIGHBOUR_WEIGHT = 0.5;

  /** The factor of a message whose speaker the question names. */
  static final double SPEAKER_BOOST = 1.5;

  /** The factor of a message from a month or year the question names. */
  static final double TIME_BOOST = 1.5;

  /** Best first: score, then newest, then message id (the order shards merge in). */
  static final Comparator<Ranked> ORDER = (a, b) -> {
    int byScore = Double.compare(b.score(), a.score());
    if (byScore != 0) {
      return byScore;
    }
    int byTime = Long.compare(b.candidate().occurredAt(), a.candidate().occurredAt());
    return byTime != 0 ? byTime : a.candidate().messageId().compareTo(b.candidate().messageId());
  };

  private ContextRanking() {}

  /** A candidate with its final score and the parts it is made of. */
  record Ranked(SearchCandidate candidate, double score, SearchHit.Why why) {}

  /**
   * Ranks candidates, best first.
   *
   * @param query the question: its words, the time it names, how it is ranked ({@link SearchQuery.Ranking#BM25}
   *     keeps bm25 alone)
   */
  static List<Ranked> rank(List<SearchCandidate> candidates, SearchQuery query) {
    var words = query.words();
    var bm25ByRow = new HashMap<Long, Double>();
    candidates.forEach(c -> bm25ByRow.put(c.rowId(), c.bm25()));
    var ranked = new ArrayList<Ranked>(candidates.size());
    for (var c : candidates) {
      if (query.ranking() == SearchQuery.Ranking.BM25) {
        ranked.add(new Ranked(c, c.bm25(), new SearchHit.Why(c.bm25(), 0, 1, 1)));
        continue;
      }
      double neighbour = Math.max(bm25Of(c.previousRowId(), bm25ByRow), bm25Of(c.nextRowId(), bm25ByRow));
      double speaker = c.agentId() != null && words.contains(c.agentId().toLowerCase(Locale.ROOT)) ? SPEAKER_BOOST : 1;
      double time = query.time().covers(Micros.toInstant(c.occurredAt())) ? TIME_BOOST : 1;
      double score = (c.bm25() + NEIGHBOUR_WEIGHT * neighbour) * speaker * time;
      ranked.add(new Ranked(c, score, new SearchHit.Why(c.bm25(), NEIGHBOUR_WEIGHT * neighbour, speaker, time)));
    }
    ranked.sort(ORDER);
    return ranked;
  }

  private static double bm25Of(Long rowId, Map<Long, Double> bm25ByRow) {
    return rowId == null ? 0 : bm25ByRow.getOrDefault(rowId, 0.0);
  }
}
