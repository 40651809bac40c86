package dev.memlog.bench.report;

import java.util.Collection;
import java.util.Locale;

/** The median of a few runs' values with the lowest and highest, so a reader sees how much the runs varied. */
public record Spread(double median, double min, double max, int runs) {

  public static Spread of(Collection<Double> values) {
    var sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().mapToDouble(Double::doubleValue).toArray();
    if (sorted.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Spread(median, sorted[0], sorted[n - 1], n);
  }

  /** "12,300 (11,900–12,800, 3 runs)"; a single run shows just its value. */
  public String format(String pattern) {
    if (runs == 0) {
      return "n/a";
    }
    var value = String.format(Locale.ROOT, pattern, median);
    if (runs == 1) {
      return value;
    }
    return value + " (" + String.format(Locale.ROOT, pattern, min) + "–" + String.format(Locale.ROOT, pattern, max)
        + ", " + runs + " runs)";
  }

  /** The ratio of two medians, NaN when the denominator is not a positive number. */
  public static double ratio(Spread numerator, Spread denominator) {
    return denominator.median() > 0 ? numerator.median() / denominator.median() : Double.NaN;
  }
}
