package dev.memlog.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One harness run: the data size and shape, the node's configuration, how many times each measurement repeats,
 * how long each load run lasts, where the report goes, the judged collection search quality is measured on
 * (null: none), how many events the ingest phase publishes each way in (0: none), and what every node is given
 * besides the harness's own settings: MEMLOG_* settings and JVM options. Before a step's queries are measured, its
 * node answers every route in turn for {@code warmUp}, so that they are measured on code the JIT compiled.
 */
public record BenchConfig(long events, int tenants, int partitions, int streamThreads, int runs, Path outputDir,
    Duration queryDuration, int connections, String loadGenerator, long scaleEvents, List<String> scaleConfigs,
    int freshnessRate, Duration freshnessDuration, long naiveEvents, String nodeHeap, boolean profile,
    Path qualityDir, long ingestEvents, Map<String, String> nodeEnvironment, List<String> nodeJvmOptions,
    Duration warmUp) {

  public BenchConfig {
    nodeEnvironment = Map.copyOf(nodeEnvironment);
    nodeJvmOptions = List.copyOf(nodeJvmOptions);
    if (events < 1_000 || tenants < 1 || partitions < 1 || streamThreads < 1 || runs < 1 || connections < 1) {
      throw new IllegalArgumentException("events must be at least 1000; tenants, partitions, threads, runs and "
          + "connections at least 1");
    }
    scaleConfigs = List.copyOf(scaleConfigs);
  }

  /** The sizes the data set grows through: 10k, 100k, 1M, ... below {@code events}, then {@code events}. */
  public List<Long> stages() {
    var stages = new ArrayList<Long>();
    for (long size = 10_000; size < events; size *= 10) {
      stages.add(size);
    }
    stages.add(events);
    return stages;
  }
}
