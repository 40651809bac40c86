package dev.memlog.bench.quality;

import dev.memlog.bench.report.Table;
import java.util.ArrayList;
import java.util.List;

/** A run's quality scores as a Markdown table: one row per group, one column per measure. */
public final class QualityTable {

  private QualityTable() {}

  public static String markdown(QualityScores scores) {
    var header = new ArrayList<String>(List.of("questions", "n"));
    header.addAll(RankingMeasures.NAMES);
    var table = new Table(header.toArray(String[]::new));
    for (var group : scores.groups()) {
      var cells = new ArrayList<Object>(List.of(group.name(), group.questions()));
      group.mean().values().forEach(v -> cells.add(Table.num(v, 4)));
      table.row(cells.toArray());
    }
    return table.markdown();
  }
}
