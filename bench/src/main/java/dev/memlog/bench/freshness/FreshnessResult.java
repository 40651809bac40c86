package dev.memlog.bench.freshness;

/**
 * Publish-to-visible times in milliseconds: {@code hot*} until the conversation summary (RocksDB) shows the
 * message, {@code sqlite*} until the answer's freshness says the SQLite read model applied the event's offset;
 * {@code polls*} the GETs a polling client needed; {@code token*} the time from publish to the answer of one GET
 * that passed the publish's consistency token, over {@code tokenReads} probes of which {@code tokenMisses} did
 * not get the message; {@code ack*} the time from publish to the broker's acknowledgement (the client's part: a
 * probe opens a conversation, so it includes writing the conversation's data key); {@code slowestMs} the slowest
 * probe (SQLite or token) and {@code slowestSentAtSeconds} when it was published, in seconds into the run;
 * {@code steady*} publish to visible (in SQLite for a polling probe, the answer for a token probe) over the
 * {@code steadyProbes} probes published from {@link FreshnessProbe#WARM_UP} on; {@code rate} the steady publish
 * rate in events/s.
 */
public record FreshnessResult(double rate, int probes, int timedOut, double hotP50, double hotP99, double sqliteP50,
    double sqliteP99, double sqliteMax, double pollsP50, double pollsP99, int tokenReads, int tokenMisses,
    double tokenP50, double tokenP99, double ackP50, double ackP99, double slowestMs, double slowestSentAtSeconds,
    long steadyProbes, double steadyP50, double steadyP99) {}
