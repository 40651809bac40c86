package dev.memlog.bench.load;

/**
 * What a load run measured for one route: latency percentiles in milliseconds, requests per second, errors
 * (non-2xx answers and socket errors), and which generator measured it.
 */
public record Latency(String route, double p50, double p95, double p99, double max, double requestsPerSecond,
    long requests, long errors, String generator) {}
