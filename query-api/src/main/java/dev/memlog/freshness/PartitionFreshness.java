package dev.memlog.freshness;

import java.time.Instant;

/**
 * How fresh the read model is for one partition of the events topic.
 *
 * @param partition the partition
 * @param appliedOffset the last offset committed to the read model, -1 before the first
 * @param endOffset the partition's end offset (the offset the next record will get) as last confirmed by the broker
 * @param lag records written to the partition and not yet applied; null when unknown, because the broker has not
 *     confirmed the end offset recently enough to tell
 * @param lastEventAt the occurredAt of the last event applied, null before the first
 * @param rebuilding whether the partition's projection is being rebuilt: answers from it are incomplete until the
 *     replay reaches the end offset the rebuild started with
 * @param servedBy the {@code host:port} of the node whose shard answered, null when the answer read none
 * @param standby whether that shard is a standby replica (its active node could not answer)
 */
public record PartitionFreshness(int partition, long appliedOffset, long endOffset, Long lag, Instant lastEventAt,
    boolean rebuilding, String servedBy, boolean standby) {

  /** The freshness of a partition that is not being rebuilt, as this node knows it. */
  public PartitionFreshness(int partition, long appliedOffset, long endOffset, Long lag, Instant lastEventAt) {
    this(partition, appliedOffset, endOffset, lag, lastEventAt, false, null, false);
  }
}
