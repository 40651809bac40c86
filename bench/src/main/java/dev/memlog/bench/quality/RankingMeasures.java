package dev.memlog.bench.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The measures of one ranking against its judgments, computed as {@code ../shared/eval/score.py} (and trec_eval
 * with {@code -c}) computes them: recall at a cut-off counts the distinct relevant ids among the first k; nDCG@10
 * uses the graded gains with a log2(rank + 1) discount against the ideal order of the judged gains; MRR@10 is the
 * inverse rank of the first relevant id in the first 10, else 0.
 */
public record RankingMeasures(double recall5, double recall10, double recall20, double recall50, double ndcg10,
    double mrr10) {

  /** The measures' names, in the order of {@link #values()}. */
  public static final List<String> NAMES = List.of("recall@5", "recall@10", "recall@20", "recall@50", "nDCG@10",
      "MRR@10");

  /**
   * Scores a ranking.
   *
   * @param relevant the judged relevant ids and their gains (> 0); not empty
   * @param ranked the ids in rank order, best first
   */
  public static RankingMeasures of(Map<String, Integer> relevant, List<String> ranked) {
    double dcg = 0;
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      dcg += relevant.getOrDefault(ranked.get(i), 0) / log2(i + 2);
    }
    var gains = relevant.values().stream().sorted((a, b) -> b - a).limit(10).toList();
    double ideal = 0;
    for (int i = 0; i < gains.size(); i++) {
      ideal += gains.get(i) / log2(i + 2);
    }
    double mrr = 0;
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      if (relevant.containsKey(ranked.get(i))) {
        mrr = 1.0 / (i + 1);
        break;
      }
    }
    return new RankingMeasures(recall(relevant, ranked, 5), recall(relevant, ranked, 10),
        recall(relevant, ranked, 20), recall(relevant, ranked, 50), dcg / ideal, mrr);
  }

  /** The measures in the order of {@link #NAMES}. */
  public List<Double> values() {
    return List.of(recall5, recall10, recall20, recall50, ndcg10, mrr10);
  }

  private static double recall(Map<String, Integer> relevant, List<String> ranked, int k) {
    var found = new HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
    found.retainAll(relevant.keySet());
    return (double) found.size() / relevant.size();
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }
}
