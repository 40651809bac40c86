package dev.memlog.bench.ingest;

/**
 * How fast {@code events} events got into Kafka, in events/s, each way in: {@code producerCeiling} a plain
 * Kafka producer sending the events' JSON, encoded before the clock starts, with the settings of memlog's client
 * ({@code acks=all}, idempotent, lz4, 5 ms linger); {@code javaClient} memlog's Java client (validating and
 * sealing each event) in batches of {@code batch}; {@code httpIngest} POSTs of {@code batch} events of one tenant
 * to a node's ingest route over {@code connections} connections, answered once Kafka acknowledged them, with
 * {@code httpRetries} answers of 503 (retried) on the way.
 */
public record IngestResult(long events, int batch, int connections, double producerCeiling, double javaClient,
    double httpIngest, int httpRetries) {}
