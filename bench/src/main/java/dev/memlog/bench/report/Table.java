package dev.memlog.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row. */
public final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    var row = new ArrayList<String>();
    for (var cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  public String markdown() {
    var out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> out.append("---|"));
    out.append('\n');
    rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
    return out.toString();
  }

  /** A number with thousands separators and {@code decimals} decimals; "n/a" for NaN. */
  public static String num(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
