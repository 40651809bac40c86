package dev.memlog.freshness;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How fresh an answer is: the partitions it read, and the largest lag among them.
 *
 * @param lag the largest lag of the partitions read; 0 means every record written to them had been applied; null
 *     when the lag of one of them is unknown (the broker has not confirmed the end offsets recently)
 * @param rebuilding whether a partition read is being rebuilt (the answer may miss what it holds)
 * @param endOffsetsConfirmedAt when the broker last confirmed the end offsets the lag is computed from; null if it
 *     never did
 * @param partitions each partition read
 */
public record Freshness(Long lag, boolean rebuilding, Instant endOffsetsConfirmedAt,
    List<PartitionFreshness> partitions) {

  public static Freshness of(List<PartitionFreshness> partitions, Instant endOffsetsConfirmedAt) {
    var unknown = partitions.stream().map(PartitionFreshness::lag).anyMatch(Objects::isNull);
    Long lag = unknown ? null : partitions.stream().mapToLong(PartitionFreshness::lag).max().orElse(0);
    return new Freshness(lag, partitions.stream().anyMatch(PartitionFreshness::rebuilding), endOffsetsConfirmedAt,
        partitions);
  }

  /** Whether the lag is known and at most {@code maxLag}. */
  public boolean lagAtMost(long maxLag) {
    return lag != null && lag <= maxLag;
  }
}
