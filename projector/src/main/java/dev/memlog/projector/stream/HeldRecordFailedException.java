package dev.memlog.projector.stream;

import dev.memlog.projector.sqlite.Provenance;
import java.util.Objects;

/**
 * A record held by a task that is behind failed when its run was folded, while Kafka Streams processed a later
 * record or ran a punctuation: the projector's processing exception handler blames the held record, not the one
 * in Kafka Streams' context ({@link ProjectProcessor}).
 */
public final class HeldRecordFailedException extends RuntimeException {

  private final transient Provenance record;

  /**
   * @param record where the held record was read
   * @param cause why its fold failed
   */
  public HeldRecordFailedException(Provenance record, RuntimeException cause) {
    super("the held record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
        + " cannot be folded: " + cause.getMessage(), cause);
    this.record = Objects.requireNonNull(record, "record");
  }

  /** Where the record that failed was read. */
  public Provenance record() {
    return record;
  }
}
