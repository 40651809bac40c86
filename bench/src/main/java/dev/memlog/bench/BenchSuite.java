package dev.memlog.bench;

import dev.memlog.bench.freshness.FreshnessProbe;
import dev.memlog.bench.freshness.FreshnessResult;
import dev.memlog.bench.ingest.IngestPhase;
import dev.memlog.bench.node.MemoryParts;
import dev.memlog.bench.load.Latency;
import dev.memlog.bench.load.LoadGenerator;
import dev.memlog.bench.load.Routes;
import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.node.NodeSettings;
import dev.memlog.bench.projection.CatchUp;
import dev.memlog.bench.projection.Publisher;
import dev.memlog.bench.projection.Topics;
import dev.memlog.bench.quality.QualityRun;
import dev.memlog.bench.report.BenchResults;
import dev.memlog.bench.report.Machine;
import dev.memlog.bench.report.StageResult;
import dev.memlog.bench.workload.WorkloadConfig;
import dev.memlog.bench.workload.WorkloadGenerator;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.client.MemlogClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole suite on one machine: an embedded broker in this JVM, the node in a child JVM. The data set grows
 * through the stages (projection and query latency measured at each), then the ceilings, the rebuilds (the last
 * one also measures freshness), the partition/thread scaling runs, and search quality on a judged collection.
 */
final class BenchSuite {

  private static final Logger LOGGER = LoggerFactory.getLogger(BenchSuite.class);
  static final String TOPIC = "bench.events";
  static final Duration NODE_START = Duration.ofMinutes(3);
  static final Duration CATCH_UP = Duration.ofMinutes(40);

  private final BenchConfig config;
  private final Workspace work;
  private final LoadGenerator load;

  BenchSuite(BenchConfig config) {
    this.config = config;
    this.work = Workspace.fresh(config.outputDir());
    this.load = LoadGenerator.choose(config.loadGenerator(), work.dir("wrk"));
  }

  BenchResults run(String command) {
    long started = System.nanoTime();
    var machine = Machine.describe(work.root());
    var workload = WorkloadConfig.of(config.events(), config.tenants());
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(work.dir("broker"), 0, config.partitions()));
        var client = Topics.readyClient(broker.bootstrapServers(), TOPIC, config.partitions())) {
      var settings = nodeSettings(broker.bootstrapServers(), work.dir("node"), TOPIC, "bench-projector",
          config.partitions(), config.streamThreads());
      var publisher = new Publisher(client);
      var generator = new WorkloadGenerator(workload);
      var stages = new ArrayList<StageResult>();
      double publishSeconds = 0;
      for (long size : config.stages()) {
        publishSeconds += publisher.publish(generator, size - generator.emitted()).seconds();
        stages.add(stage(settings, publisher, generator));
      }
      var ceilings = new Ceilings(config, workload, work).run(broker.bootstrapServers(), TOPIC,
          publisher.lastOffsets());
      var rebuilds = new Rebuilds(config, work, settings);
      FreshnessResult[] freshness = new FreshnessResult[1];
      rebuilds.run(publisher.lastOffsets(), node -> freshness[0] = freshness(client, node));
      var headline = ceilings.headline(rebuilds, config.events() / publishSeconds);
      var scaling = new ScalingPhase(config, work, load).run(broker.bootstrapServers(), this::nodeSettings);
      var ingest = config.ingestEvents() == 0 ? null
          : new IngestPhase(config.ingestEvents(), config.tenants(), config.partitions()).run(
              broker.bootstrapServers(), topic -> nodeSettings(broker.bootstrapServers(), work.dir("ingest-node"),
                  topic, "bench-ingest", config.partitions(), config.streamThreads()), work.nodeLog());
      var quality = QualityBench.wanted(config)
          ? new QualityBench(config, work).run(broker.bootstrapServers(), this::nodeSettings).scores() : null;
      return new BenchResults(command, machine, load.getClass().getSimpleName(), config.connections(),
          String.join(" ", settings.jvmOptions()), headline, ceilings.withCeilingRates(stages), freshness[0], scaling,
          ingest, quality, rebuilds.profile(),
          (System.nanoTime() - started) / 1e9, Machine.currentLoadAverage());
    }
  }

  /** Only the quality phase, on a broker of its own; see {@link QualityBench}. */
  static QualityRun qualityOnly(BenchConfig config) {
    var suite = new BenchSuite(config);
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(suite.work.dir("broker"), 0, config.partitions()))) {
      return new QualityBench(config, suite.work).run(broker.bootstrapServers(), suite::nodeSettings);
    }
  }

  private StageResult stage(NodeSettings settings, Publisher publisher, WorkloadGenerator generator) {
    LOGGER.atInfo().addKeyValue("events", generator.emitted()).log("stage: projecting");
    try (var node = NodeProcess.start(settings, work.nodeLog(), NODE_START)) {
      var caughtUp = CatchUp.await(node, publisher.lastOffsets(), CATCH_UP);
      LOGGER.atInfo().addKeyValue("events", generator.emitted())
          .addKeyValue("eventsPerSecond", Math.round(caughtUp.projection().eventsPerSecond()))
          .log("stage: projected; measuring queries");
      var routes = Routes.of(generator.targets(), generator.vocabulary(), 2_000, generator.emitted());
      warmUp(node, routes);
      double compiled = node.jitCpuSeconds();
      var latencies = new LinkedHashMap<String, List<Latency>>();
      routes.forEach((route, paths) -> latencies.put(route, measure(node, route, paths)));
      compiled = node.jitCpuSeconds() - compiled;
      LOGGER.atInfo().addKeyValue("events", generator.emitted()).addKeyValue("jitCpuSeconds", compiled)
          .log("stage: queries measured");
      return new StageResult(generator.emitted(), generator.messages(), caughtUp.projection(), Double.NaN,
          latencies, MemoryParts.of(node.http().metrics(), node.memory()), compiled);
    }
  }

  /**
   * Every route in turn, for the configured warm-up in all: a node just started (each step starts one) runs its
   * query paths interpreted or in the JIT's first tiers while the JIT compiles them, on the same cores.
   */
  private void warmUp(NodeProcess node, Map<String, List<String>> routes) {
    var each = config.warmUp().dividedBy(routes.size());
    if (each.isZero()) {
      return;
    }
    routes.forEach((route, paths) -> load.run(route, node.http().baseUrl(), paths, each, config.connections()));
  }

  /** A short warm-up, then {@code runs} measured runs of one route. */
  List<Latency> measure(NodeProcess node, String route, List<String> paths) {
    load.run(route, node.http().baseUrl(), paths, Duration.ofSeconds(1), config.connections());
    var runs = new ArrayList<Latency>();
    for (int run = 0; run < config.runs(); run++) {
      runs.add(load.run(route, node.http().baseUrl(), paths, config.queryDuration(), config.connections()));
    }
    LOGGER.atInfo().addKeyValue("route", route).addKeyValue("p99ms", runs.get(0).p99())
        .addKeyValue("rps", Math.round(runs.get(0).requestsPerSecond())).log("route measured");
    return runs;
  }

  private FreshnessResult freshness(MemlogClient client, NodeProcess node) {
    LOGGER.atInfo().addKeyValue("rate", config.freshnessRate()).log("measuring freshness");
    var background = new WorkloadGenerator(new WorkloadConfig("fresh", Long.MAX_VALUE, 20, 40, 100, 20_000, 7L));
    return new FreshnessProbe(client, node.http()).run(background, config.freshnessRate(),
        Math.min(5, config.freshnessRate()), config.freshnessDuration());
  }

  NodeSettings nodeSettings(String bootstrap, Path dataDir, String topic, String applicationId, int partitions,
      int threads) {
    var jvm = new ArrayList<String>(List.of("-Xmx" + config.nodeHeap(), "-XX:+UseG1GC"));
    jvm.addAll(config.nodeJvmOptions());
    return new NodeSettings(dataDir, bootstrap, topic, applicationId, partitions, threads, 5_000, jvm,
        config.nodeEnvironment());
  }

  /** Builds node settings for a configuration; {@link ScalingPhase} uses it so every node is alike. */
  @FunctionalInterface
  interface NodeSettingsFactory {
    NodeSettings create(String bootstrap, Path dataDir, String topic, String applicationId, int partitions,
        int threads);
  }
}
