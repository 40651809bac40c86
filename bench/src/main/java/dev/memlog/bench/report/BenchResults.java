package dev.memlog.bench.report;

import dev.memlog.bench.freshness.FreshnessResult;
import java.util.List;

/** Everything one harness run measured, with what it ran on and how it was invoked. */
public record BenchResults(String command, Machine machine, String loadGenerator, int connections,
    String nodeJvmOptions, Headline headline, List<StageResult> stages, FreshnessResult freshness,
    List<ScalingResult> scaling, List<String> profile, double wallSeconds, String loadAverageAfter) {}
