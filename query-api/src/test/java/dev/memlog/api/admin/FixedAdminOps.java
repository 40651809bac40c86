package dev.memlog.api.admin;

import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.deadletter.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Admin operations of a node with three partitions, for tests of the routes: partition 1 is being rebuilt already,
 * 9 does not exist, the others start a rebuild to offset 42; there are two dead letters, the second without any
 * header; the checksum is what {@code checksum} gives.
 */
public final class FixedAdminOps implements AdminOps {

  /** What {@link #checksum()} answers; tests may set it. */
  public volatile Supplier<Checksum> checksum;

  public FixedAdminOps(Supplier<Checksum> checksum) {
    this.checksum = checksum;
  }

  @Override
  public Checksum checksum() {
    return checksum.get();
  }

  @Override
  public PartitionRebuild rebuildPartition(int partition) {
    if (partition >= 3) {
      throw new IllegalArgumentException("partition must be between 0 and 2, got " + partition);
    }
    if (partition == 1) {
      throw new IllegalStateException("partition 1 is being rebuilt already");
    }
    return new PartitionRebuild(partition, 42, 7);
  }

  @Override
  public List<DeadLetter> deadLetters(int limit, String reason) {
    return List.of(new DeadLetter(0, 3, Instant.EPOCH, "NOT_JSON", "not valid JSON", "memlog.events", 1, 17L,
        "acme/conversation/c-1", 9, "{not json"), new DeadLetter(0, 4, Instant.EPOCH, null, null, null, null, null,
        null, 0, "")).subList(0, Math.min(limit, 2));
  }
}
