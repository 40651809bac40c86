package dev.memlog.bench.workload;

import java.util.Random;

/**
 * A log-normal length (median {@code median}, shape {@code sigma}) cut to [min, max]: most messages are short,
 * a few are very long, as in real agent conversations (tool output, pasted documents).
 */
public record LongTail(int median, double sigma, int min, int max) {

  public LongTail {
    if (median < 1 || min < 1 || min > max || sigma <= 0) {
      throw new IllegalArgumentException("need 1 <= min <= max, median >= 1 and sigma > 0");
    }
  }

  /** Message lengths in words: median 24, one in a hundred over ~250, at most 2,000. */
  public static final LongTail MESSAGE_WORDS = new LongTail(24, 1.0, 1, 2_000);

  public int next(Random random) {
    long value = Math.round(median * Math.exp(sigma * random.nextGaussian()));
    return (int) Math.max(min, Math.min(max, value));
  }
}
