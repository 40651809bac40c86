package dev.memlog.projector.sqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * How the projection writer batches: a transaction commits when it holds {@code maxBatchEvents} events, when its
 * first event is older than {@code maxBatchAge}, or when Kafka Streams commits (whichever comes first).
 * {@code summaryMessages} is how many latest messages a conversation summary keeps.
 */
public record WriterSettings(int maxBatchEvents, Duration maxBatchAge, int summaryMessages) {

  public static final WriterSettings DEFAULTS = new WriterSettings(5_000, Duration.ofSeconds(1), 10);

  public WriterSettings {
    Objects.requireNonNull(maxBatchAge, "maxBatchAge");
    if (maxBatchEvents < 1) {
      throw new IllegalArgumentException("maxBatchEvents must be at least 1, got " + maxBatchEvents);
    }
    if (maxBatchAge.isNegative() || maxBatchAge.isZero()) {
      throw new IllegalArgumentException("maxBatchAge must be positive, got " + maxBatchAge);
    }
    if (summaryMessages < 1 || summaryMessages > 1_000) {
      throw new IllegalArgumentException("summaryMessages must be between 1 and 1000, got " + summaryMessages);
    }
  }
}
