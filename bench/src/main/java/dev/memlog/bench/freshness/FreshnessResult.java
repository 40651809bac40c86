package dev.memlog.bench.freshness;

/**
 * Publish-to-visible times in milliseconds: {@code hot*} until the conversation summary (RocksDB) shows the
 * message, {@code sqlite*} until the answer's freshness says the SQLite read model applied the event's offset;
 * {@code polls*} the GETs a read-your-writes client needed; {@code rate} the steady publish rate in events/s.
 */
public record FreshnessResult(double rate, int probes, int timedOut, double hotP50, double hotP99, double sqliteP50,
    double sqliteP99, double sqliteMax, double pollsP50, double pollsP99) {}
