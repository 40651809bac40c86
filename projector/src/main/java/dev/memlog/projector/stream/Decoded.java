package dev.memlog.projector.stream;

import dev.memlog.ingest.event.MemoryEvent;

/** An event and the bytes it was read from, so that a failure downstream can still dead-letter the original. */
record Decoded(MemoryEvent event, byte[] raw) {}
