package dev.memlog.freshness;

import java.time.Duration;
import java.util.Map;

/** Waits until the read model has applied given offsets of the events topic: what read-your-writes needs. */
@FunctionalInterface
public interface AppliedOffsetsWaiter {

  /**
   * @param offsets offsets by partition of the events topic
   * @return whether all were applied before the timeout
   */
  boolean await(Map<Integer, Long> offsets, Duration timeout) throws InterruptedException;
}
