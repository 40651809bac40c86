package dev.memlog.freshness;

import java.util.List;

/**
 * How fresh an answer is: the partitions it read, and the largest lag among them.
 *
 * @param lag the largest lag of the partitions read; 0 means every record written to them had been applied
 * @param rebuilding whether a partition read is being rebuilt (the answer may miss what it holds)
 * @param partitions each partition read
 */
public record Freshness(long lag, boolean rebuilding, List<PartitionFreshness> partitions) {
  public static Freshness of(List<PartitionFreshness> partitions) {
    return new Freshness(partitions.stream().mapToLong(PartitionFreshness::lag).max().orElse(0),
        partitions.stream().anyMatch(PartitionFreshness::rebuilding), partitions);
  }
}
