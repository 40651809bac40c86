package dev.memlog.projector.read;

import java.time.Instant;

/**
 * A past point to read the memory at: a time (events that occurred by then) and/or an offset of the partition
 * read (events applied up to it). Null parts are "now". Redacted and forgotten content stays gone in the past too.
 */
public record AsOf(Instant time, Long offset) {

  public static final AsOf NOW = new AsOf(null, null);

  public AsOf {
    if (offset != null && offset < 0) {
      throw new IllegalArgumentException("an as-of offset cannot be negative, got " + offset);
    }
  }
}
