package dev.memlog.bench.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every question's ranking as the search answered it, and its scores. It can be written in TREC run format
 * ({@code QID Q0 messageId RANK SCORE TAG}) so that {@code score.py} or trec_eval score the same run.
 *
 * @param rankings question id → hits, best first, in question order
 * @param scores the run scored against the collection's judgments
 */
public record QualityRun(Map<String, List<RankedHit>> rankings, QualityScores scores) {

  public QualityRun {
    rankings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rankings));
  }

  /** Scores the rankings against the collection's judgments. */
  public static QualityRun scored(JudgedCollection collection, Map<String, List<RankedHit>> rankings) {
    var ids = new LinkedHashMap<String, List<String>>();
    rankings.forEach((q, hits) -> ids.put(q, hits.stream().map(RankedHit::messageId).toList()));
    return new QualityRun(rankings, QualityScores.of(collection, ids));
  }

  /** Writes the run in TREC format, tagged {@code memlog}. */
  public void writeTrec(Path file) {
    var lines = new ArrayList<String>();
    rankings.forEach((q, hits) -> {
      for (int rank = 1; rank <= hits.size(); rank++) {
        var hit = hits.get(rank - 1);
        lines.add(String.format(Locale.ROOT, "%s Q0 %s %d %s memlog", q, hit.messageId(), rank, hit.score()));
      }
    });
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run " + file, e);
    }
  }
}
