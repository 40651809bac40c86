package dev.memlog.bench.report;

import dev.memlog.bench.freshness.FreshnessResult;
import dev.memlog.bench.ingest.IngestResult;
import dev.memlog.bench.quality.QualityScores;
import java.util.List;

/**
 * Everything one harness run measured, with what it ran on and how it was invoked; {@code quality} is null when
 * the run had no judged collection, {@code ingest} when it had no ingest phase.
 */
public record BenchResults(String command, Machine machine, String loadGenerator, int connections,
    String nodeJvmOptions, Headline headline, List<StageResult> stages, FreshnessResult freshness,
    List<ScalingResult> scaling, IngestResult ingest, QualityScores quality, List<String> profile,
    double wallSeconds, String loadAverageAfter) {}
