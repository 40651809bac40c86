package dev.memlog.projector.sqlite;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times in the read model are microseconds since the epoch: exact, sortable, and the same after a rebuild. */
public final class Micros {
  private Micros() {}

  /** Exact for every instant from year -290,000 to 290,000 (not through nanoseconds, which end in 2262). */
  public static long of(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  public static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
