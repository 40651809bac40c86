package dev.memlog.projector.read;

import java.time.Instant;

/**
 * A span of time, {@code from} inclusive and {@code to} exclusive; a null end is open.
 *
 * @throws IllegalArgumentException if {@code to} is not after {@code from}
 */
public record TimeWindow(Instant from, Instant to) {

  public static final TimeWindow ALL = new TimeWindow(null, null);

  public TimeWindow {
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("'to' (" + to + ") must be after 'from' (" + from + ")");
    }
  }
}
