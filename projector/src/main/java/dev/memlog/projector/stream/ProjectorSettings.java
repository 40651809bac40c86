package dev.memlog.projector.stream;

import java.util.Objects;

/**
 * What the topology reads and writes: the events topic and its partition count (which decides the partition an
 * event belongs to), the dead-letter topic, and the largest event accepted.
 */
public record ProjectorSettings(String eventsTopic, int partitions, String deadLetterTopic, int maxEventBytes) {
  public ProjectorSettings {
    Objects.requireNonNull(eventsTopic, "eventsTopic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (eventsTopic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException("the dead-letter topic must differ from the events topic");
    }
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive, got " + maxEventBytes);
    }
  }
}
