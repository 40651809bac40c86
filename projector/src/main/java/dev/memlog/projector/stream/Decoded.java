package dev.memlog.projector.stream;

import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.OpenedEvent;

/**
 * An event and the bytes it was read from, so that a failure downstream can still dead-letter the original; and
 * how its content was written (plain, sealed and opened, or sealed with a key that no longer exists).
 */
record Decoded(MemoryEvent event, byte[] raw, OpenedEvent.Seal seal) {

  Decoded(MemoryEvent event, byte[] raw) {
    this(event, raw, OpenedEvent.Seal.PLAIN);
  }

  boolean shredded() {
    return seal == OpenedEvent.Seal.SHREDDED;
  }
}
