package dev.memlog.bench;

import dev.memlog.bench.load.LoadGenerator;
import dev.memlog.bench.load.Routes;
import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.projection.CatchUp;
import dev.memlog.bench.projection.Publisher;
import dev.memlog.bench.report.ScalingResult;
import dev.memlog.bench.workload.WorkloadConfig;
import dev.memlog.bench.workload.WorkloadGenerator;
import dev.memlog.bench.projection.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projection throughput and search latency for each "partitions:threads" configuration, on the first
 * {@code scaleEvents} events of the workload: one topic per partition count, one node (own data dir and
 * application id) per configuration.
 */
final class ScalingPhase {

  private static final Logger LOGGER = LoggerFactory.getLogger(ScalingPhase.class);

  private final BenchConfig config;
  private final Workspace work;
  private final LoadGenerator load;

  ScalingPhase(BenchConfig config, Workspace work, LoadGenerator load) {
    this.config = config;
    this.work = work;
    this.load = load;
  }

  List<ScalingResult> run(String bootstrap, BenchSuite.NodeSettingsFactory nodes) {
    var results = new ArrayList<ScalingResult>();
    var topics = new HashMap<Integer, Map<Integer, Long>>();
    long events = Math.min(config.scaleEvents(), config.events());
    var workload = WorkloadConfig.of(events, config.tenants());
    WorkloadGenerator generator = null;
    for (var spec : config.scaleConfigs()) {
      var parts = spec.split(":");
      int partitions = Integer.parseInt(parts[0].trim());
      int threads = Integer.parseInt(parts[1].trim());
      var topic = "bench.scale-p" + partitions;
      if (!topics.containsKey(partitions)) {
        generator = new WorkloadGenerator(workload);
        topics.put(partitions, publish(bootstrap, topic, partitions, generator, events));
      }
      var dataDir = work.dir("scale-p" + partitions + "-t" + threads);
      var settings = nodes.create(bootstrap, dataDir, topic, "bench-scale-p" + partitions + "-t" + threads,
          partitions, threads);
      try (var node = NodeProcess.start(settings, work.nodeLog(), BenchSuite.NODE_START)) {
        var caughtUp = CatchUp.await(node, topics.get(partitions), BenchSuite.CATCH_UP);
        var routes = Routes.of(generator.targets(), generator.vocabulary(), 2_000, 99);
        var search = load.run(Routes.SEARCH, node.http().baseUrl(), routes.get(Routes.SEARCH),
            config.queryDuration(), config.connections());
        results.add(new ScalingResult(partitions, threads, caughtUp.projection(), search));
        LOGGER.atInfo().addKeyValue("partitions", partitions).addKeyValue("threads", threads)
            .addKeyValue("eventsPerSecond", Math.round(caughtUp.projection().eventsPerSecond()))
            .addKeyValue("searchP99ms", search.p99()).log("scaling configuration measured");
      } finally {
        Workspace.delete(dataDir);
      }
    }
    return results;
  }

  private static Map<Integer, Long> publish(String bootstrap, String topic, int partitions,
      WorkloadGenerator generator, long events) {
    try (var client = Topics.readyClient(bootstrap, topic, partitions)) {
      var publisher = new Publisher(client);
      publisher.publish(generator, events);
      return publisher.lastOffsets();
    }
  }
}
