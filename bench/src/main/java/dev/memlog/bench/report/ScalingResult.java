package dev.memlog.bench.report;

import dev.memlog.bench.load.Latency;
import dev.memlog.bench.projection.Throughput;

/** Projection throughput and search latency of one (partitions, stream threads) configuration. */
public record ScalingResult(int partitions, int streamThreads, Throughput projection, Latency search) {}
