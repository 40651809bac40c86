/** Projection throughput: memlog's, and the raw ceilings (SQLite alone, Kafka alone, one event per transaction). */
package dev.memlog.bench.projection;
