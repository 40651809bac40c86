package dev.memlog.bench;

import dev.memlog.bench.projection.KafkaCeiling;
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
 * The raw ceilings, each {@code runs} times, while no node runs: the SQLite writer alone on the whole workload
 * (with the node's batch size), the same with the hot views read back, the naive one-event-per-transaction
 * baseline on a prefix of the workload, and a plain Kafka consumer over the topic.
 */
final class Ceilings {

  private static final Logger LOGGER = LoggerFactory.getLogger(Ceilings.class);

  private final BenchConfig config;
  private final WorkloadConfig workload;
  private final Workspace work;
  private final List<Double> sqlite = new ArrayList<>();
  private final List<Double> withViews = new ArrayList<>();
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
    var batched = new WriterSettings(5_000, Duration.ofSeconds(1), 10);
    var oneByOne = new WriterSettings(1, Duration.ofSeconds(1), 10);
    naiveEvents = Math.min(config.naiveEvents(), config.events());
    for (int run = 0; run < config.runs(); run++) {
      sqlite.add(sqlite(new SqliteCeiling(batched, config.partitions(), false), config.events(),
          run == 0 ? checkpoints : new ArrayList<>(), "ceiling"));
      withViews.add(sqlite(new SqliteCeiling(batched, config.partitions(), true), config.events(),
          new ArrayList<>(), "ceiling-views"));
      naive.add(sqlite(new SqliteCeiling(oneByOne, config.partitions(), false), naiveEvents, new ArrayList<>(),
          "naive"));
      kafka.add(KafkaCeiling.run(bootstrap, topic, lastOffsets).eventsPerSecond());
      LOGGER.atInfo().addKeyValue("run", run + 1).addKeyValue("sqlite", Math.round(sqlite.get(run)))
          .addKeyValue("sqliteWithViews", Math.round(withViews.get(run)))
          .addKeyValue("naive", Math.round(naive.get(run))).addKeyValue("kafka", Math.round(kafka.get(run)))
          .addKeyValue("sqliteCpuCores", sqliteCpu.get(run))
          .log("ceilings measured (events/s)");
    }
    return this;
  }

  private double sqlite(SqliteCeiling ceiling, long events, List<SqliteCeiling.Checkpoint> marks, String name) {
    var dir = work.dir("ceiling");
    try {
      Throughput result = ceiling.run(new WorkloadGenerator(workload), events, dir.resolve(name + ".db"),
          config.stages(), marks);
      if (name.equals("ceiling")) {
        sqliteCpu.add(result.cpuCores());
      }
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
      result.add(new StageResult(stage.events(), stage.messages(), stage.projection(), rate, stage.latencies()));
    }
    return result;
  }

  Headline headline(Rebuilds rebuilds, double publishRate) {
    return new Headline(config.events(), rebuilds.rates(), Spread.of(sqlite), Spread.of(withViews),
        Spread.of(naive), naiveEvents, Spread.of(kafka), rebuilds.totalSeconds(), rebuilds.cpuCores(),
        rebuilds.peakRss(), publishRate);
  }
}
