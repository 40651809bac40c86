package dev.memlog.projector.sqlite;

/** The Kafka record an event was read from: every row it produces records this. */
public record Provenance(String topic, int partition, long offset) {}
