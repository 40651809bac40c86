package dev.memlog.projector.sqlite;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times in the read model are microseconds since the epoch: exact, sortable, and the same after a rebuild. */
public final class Micros {
  private Micros() {}

  public static long of(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  public static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
