package dev.memlog.bench.workload;

import java.util.Arrays;
import java.util.Random;

/** Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent, so a few ranks dominate. */
public final class Zipf {

  private final double[] cumulative;

  public Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += 1.0 / Math.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < n; rank++) {
      cumulative[rank] /= sum;
    }
  }

  /** A rank; rank 0 is the most likely. */
  public int next(Random random) {
    int found = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
  }

  /** How many ranks there are. */
  public int size() {
    return cumulative.length;
  }
}
