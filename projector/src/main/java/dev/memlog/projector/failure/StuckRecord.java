package dev.memlog.projector.failure;

/**
 * The record a partition's stream thread died on, and how many deaths in a row it was the one.
 *
 * @param topic the record's topic
 * @param partition its partition
 * @param offset its offset
 * @param deaths the stream-thread deaths in a row on it
 */
public record StuckRecord(String topic, int partition, long offset, int deaths) {}
