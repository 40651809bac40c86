package dev.memlog.bench;

import dev.memlog.bench.projection.KafkaCeiling;
import dev.memlog.bench.projection.RawSqliteCeiling;
import dev.memlog.bench.projection.SqliteCeiling;
import dev.memlog.bench.projection.Throughput;
import dev.memlog.bench.report.Headline;
import dev.memlog.bench.report.Spread;
import dev.memlog.bench.report.StageResult;
import dev.memlog.bench.workload.WorkloadConfig;
import dev.memlog.bench.workload.WorkloadGenerator;
import dev.memlog.projector.sqlite.WriterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw ceilings, each {@code runs} times, while no node runs: the workload's rows written straight into the
 * schema (the SQLite ceiling), the projector's writer alone (the fold without Kafka), both with the node's batch
 * size; the naive one-event-per-transaction baseline on a prefix of the workload; a plain Kafka consumer over the
 * topic.
 */
final class Ceilings {

  private static final Logger LOGGER = LoggerFactory.getLogger(Ceilings.class);

  private final BenchConfig config;
  private final WorkloadConfig workload;
  private final Workspace work;
  private final List<Double> sqlite = new ArrayList<>();
  private final List<Double> writer = new ArrayList<>();
  private final List<Double> naive = new ArrayList<>();
  private final List<Double> kafka = new ArrayList<>();
  private final List<SqliteCeiling.Checkpoint> checkpoints = new ArrayList<>();
  private final List<Double> sqliteCpu = new ArrayList<>();
  private long naiveEvents;

  Ceilings(BenchConfig config, WorkloadConfig workload, Workspace work) {
    this.config = config;
    this.workload = workload;
    this.work = work;
  }

  Ceilings run(String bootstrap, String topic, Map<Integer, Long> lastOffsets) {
    // fed in bulk, the writers are never live: their batches commit by size and maxBatchAge
    var batched = new WriterSettings(5_000, Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
    var oneByOne = new WriterSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
    naiveEvents = Math.min(config.naiveEvents(), config.events());
    for (int run = 0; run < config.runs(); run++) {
      sqlite.add(raw(run == 0 ? checkpoints : new ArrayList<>(), batched.maxBatchEvents()));
      writer.add(sqlite(new SqliteCeiling(batched, config.partitions()), config.events(),
          new ArrayList<>(), "writer"));
      naive.add(sqlite(new SqliteCeiling(oneByOne, config.partitions()), naiveEvents, new ArrayList<>(),
          "naive"));
      kafka.add(KafkaCeiling.run(bootstrap, topic, lastOffsets).eventsPerSecond());
      LOGGER.atInfo().addKeyValue("run", run + 1).addKeyValue("sqlite", Math.round(sqlite.get(run)))
          .addKeyValue("writer", Math.round(writer.get(run)))
          .addKeyValue("naive", Math.round(naive.get(run))).addKeyValue("kafka", Math.round(kafka.get(run)))
          .addKeyValue("sqliteCpuCores", sqliteCpu.get(run))
          .log("ceilings measured (events/s)");
    }
    return this;
  }

  private double raw(List<SqliteCeiling.Checkpoint> marks, int batch) {
    var dir = work.dir("ceiling");
    try {
      Throughput result = new RawSqliteCeiling(batch, config.partitions()).run(new WorkloadGenerator(workload),
          config.events(), dir.resolve("raw.db"), config.stages(), marks);
      sqliteCpu.add(result.cpuCores());
      return result.eventsPerSecond();
    } finally {
      Workspace.delete(dir);
    }
  }

  private double sqlite(SqliteCeiling ceiling, long events, List<SqliteCeiling.Checkpoint> marks, String name) {
    var dir = work.dir("ceiling");
    try {
      Throughput result = ceiling.run(new WorkloadGenerator(workload), events, dir.resolve(name + ".db"),
          config.stages(), marks);
      return result.eventsPerSecond();
    } finally {
      Workspace.delete(dir);
    }
  }

  /** The stages with the ceiling's rate over the same increment of the log (from the first ceiling run). */
  List<StageResult> withCeilingRates(List<StageResult> stages) {
    var result = new ArrayList<StageResult>();
    long previousEvents = 0;
    double previousSeconds = 0;
    for (var stage : stages) {
      double rate = Double.NaN;
      for (var mark : checkpoints) {
        if (mark.events() == stage.events()) {
          rate = (mark.events() - previousEvents) / (mark.seconds() - previousSeconds);
          previousEvents = mark.events();
          previousSeconds = mark.seconds();
        }
      }
      result.add(new StageResult(stage.events(), stage.messages(), stage.projection(), rate, stage.latencies(),
          stage.memory(), stage.jitCpuSeconds()));
    }
    return result;
  }

  Headline headline(Rebuilds rebuilds, double publishRate) {
    return new Headline(config.events(), rebuilds.rates(), Spread.of(sqlite), Spread.of(writer),
        Spread.of(naive), naiveEvents, Spread.of(kafka), rebuilds.totalSeconds(), rebuilds.cpuCores(),
        rebuilds.peakRss(), publishRate);
  }
}
