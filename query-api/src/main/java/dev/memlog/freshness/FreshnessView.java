package dev.memlog.freshness;

import java.util.Collection;

/** How fresh the read model is, for the partitions an answer read, and what the broker last said. */
public interface FreshnessView {

  /** The freshness of an answer that read these partitions. */
  Freshness of(Collection<Integer> partitions);

  /** The freshness of every partition. */
  Freshness all();

  /** Whether the broker confirmed the end offsets recently: when it has not, it is taken as unreachable. */
  boolean brokerReachable();

  /**
   * Whether the partition holds no record at {@code offset}, as the broker confirms now: the offset is at or
   * beyond its high watermark. False when the record exists, and when the broker cannot tell (it is not reachable).
   */
  boolean beyondEnd(int partition, long offset);
}
