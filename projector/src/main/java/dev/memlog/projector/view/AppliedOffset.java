package dev.memlog.projector.view;

import java.time.Instant;

/**
 * How far the read model has got in one input partition: the last offset applied and committed to SQLite, and
 * the {@code occurredAt} of the last event applied from it (null before the first).
 */
public record AppliedOffset(String topic, int partition, long lastOffset, Instant lastEventAt) {}
