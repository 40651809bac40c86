package dev.memlog.projector.stream;

import dev.memlog.ingest.event.MemoryEvent;

/**
 * An event and the bytes it was read from, so that a failure downstream can still dead-letter the original;
 * {@code shredded} when its sealed content could not be opened because its key no longer exists.
 */
record Decoded(MemoryEvent event, byte[] raw, boolean shredded) {

  Decoded(MemoryEvent event, byte[] raw) {
    this(event, raw, false);
  }
}
