package dev.memlog.projector.sqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * How the projection writer batches: a transaction commits when it holds {@code maxBatchEvents} events, or when its
 * first event is older than {@code maxBatchAge}; while the writer is {@linkplain ProjectionWriter#live(boolean)
 * live} (its events arrive as they are written), already when its first event is older than {@code liveBatchAge},
 * so that a new event is visible within about that long. {@code summaryMessages} is how many latest messages a
 * conversation summary keeps.
 */
public record WriterSettings(int maxBatchEvents, Duration maxBatchAge, Duration liveBatchAge, int summaryMessages) {

  public static final WriterSettings DEFAULTS =
      new WriterSettings(5_000, Duration.ofSeconds(1), Duration.ofMillis(20), 10);

  public WriterSettings {
    Objects.requireNonNull(maxBatchAge, "maxBatchAge");
    Objects.requireNonNull(liveBatchAge, "liveBatchAge");
    if (maxBatchEvents < 1) {
      throw new IllegalArgumentException("maxBatchEvents must be at least 1, got " + maxBatchEvents);
    }
    if (maxBatchAge.isNegative() || maxBatchAge.isZero()) {
      throw new IllegalArgumentException("maxBatchAge must be positive, got " + maxBatchAge);
    }
    if (liveBatchAge.isNegative() || liveBatchAge.isZero() || liveBatchAge.compareTo(maxBatchAge) > 0) {
      throw new IllegalArgumentException("liveBatchAge must be positive and at most maxBatchAge (" + maxBatchAge
          + "), got " + liveBatchAge);
    }
    if (summaryMessages < 1 || summaryMessages > 1_000) {
      throw new IllegalArgumentException("summaryMessages must be between 1 and 1000, got " + summaryMessages);
    }
  }
}
