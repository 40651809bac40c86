package dev.memlog.bench.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mean measures of a run over every judged question ({@code all}) and per category ({@code category N}), as
 * {@code score.py} prints them: a judged question the run has no ranking for scores 0.
 *
 * @param groups the groups in score.py's order ({@code all} first, then by name)
 */
public record QualityScores(List<Group> groups) {

  /** The mean of each measure over {@code questions} questions. */
  public record Group(String name, int questions, RankingMeasures mean) {}

  public QualityScores {
    groups = List.copyOf(groups);
  }

  /** Scores {@code run} (question id → message ids, best first) against the collection's judgments. */
  public static QualityScores of(JudgedCollection collection, Map<String, List<String>> run) {
    var categories = new LinkedHashMap<String, String>();
    collection.queries().forEach(q -> categories.put(q.id(), q.category()));
    var members = new TreeMap<String, List<RankingMeasures>>();
    collection.judgments().forEach((id, relevant) -> {
      var measures = RankingMeasures.of(relevant, run.getOrDefault(id, List.of()));
      members.computeIfAbsent("all", g -> new ArrayList<>()).add(measures);
      if (categories.containsKey(id)) {
        members.computeIfAbsent("category " + categories.get(id), g -> new ArrayList<>()).add(measures);
      }
    });
    var groups = new ArrayList<Group>();
    members.forEach((name, list) -> groups.add(new Group(name, list.size(), mean(list))));
    groups.sort((a, b) -> a.name().equals("all") ? -1 : b.name().equals("all") ? 1 : a.name().compareTo(b.name()));
    return new QualityScores(groups);
  }

  /** The group of every question. */
  public Group all() {
    return groups.get(0);
  }

  private static RankingMeasures mean(List<RankingMeasures> list) {
    var sums = new double[RankingMeasures.NAMES.size()];
    list.forEach(m -> {
      var values = m.values();
      for (int i = 0; i < sums.length; i++) {
        sums[i] += values.get(i);
      }
    });
    int n = list.size();
    return new RankingMeasures(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n);
  }
}
