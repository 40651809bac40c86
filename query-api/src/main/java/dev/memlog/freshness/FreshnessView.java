package dev.memlog.freshness;

import java.util.Collection;

/** How fresh the read model is, for the partitions an answer read. */
public interface FreshnessView {

  /** The freshness of an answer that read these partitions. */
  Freshness of(Collection<Integer> partitions);

  /** The freshness of every partition. */
  Freshness all();
}
