package dev.memlog.bench.report;

import dev.memlog.bench.load.Latency;
import dev.memlog.bench.node.MemoryParts;
import dev.memlog.bench.projection.Throughput;
import java.util.List;
import java.util.Map;

/**
 * One step of the growing data set: the log holds {@code events} events ({@code messages} messages); memlog
 * projected the step's new events at {@code projection}, the SQLite ceiling wrote the same step at
 * {@code ceilingEventsPerSecond}, and each route answered as in {@code latencies} (one entry per run); the node's
 * memory after the queries was {@code memory}. The node's JIT compiler threads used {@code jitCpuSeconds} of CPU
 * while the routes were measured (after the warm-up; NaN without /proc).
 */
public record StageResult(long events, long messages, Throughput projection, double ceilingEventsPerSecond,
    Map<String, List<Latency>> latencies, MemoryParts memory, double jitCpuSeconds) {}
