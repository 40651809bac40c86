package dev.memlog.bench.report;

import dev.memlog.bench.load.Latency;
import dev.memlog.bench.projection.Throughput;

/**
 * Projection throughput and search latency of one (partitions, stream threads) configuration.
 *
 * @param cold the node's first events, projected while its JIT compiles
 * @param projection as many events again, projected by the same node once warm: the configuration's rate
 * @param search searches right after, over both
 */
public record ScalingResult(int partitions, int streamThreads, Throughput cold, Throughput projection,
    Latency search) {}
