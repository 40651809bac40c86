package dev.memlog.bench;

import dev.memlog.bench.load.LoadGenerator;
import dev.memlog.bench.load.Routes;
import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.projection.CatchUp;
import dev.memlog.bench.projection.Publisher;
import dev.memlog.bench.projection.Topics;
import dev.memlog.bench.report.ScalingResult;
import dev.memlog.bench.workload.WorkloadConfig;
import dev.memlog.bench.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projection throughput and search latency for each "partitions:threads" configuration, on a node that is warm:
 * each configuration has a topic of its own, a node (own data dir and application id) first projects
 * {@code scaleEvents} events of the workload, which warms its JIT (a third of a fresh node's CPU is the compiler's),
 * then the next {@code scaleEvents} are published and the node's rate on those is the configuration's. Both rates
 * are reported.
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
    long events = Math.min(config.scaleEvents(), config.events());
    for (var spec : config.scaleConfigs()) {
      var parts = spec.split(":");
      int partitions = Integer.parseInt(parts[0].trim());
      int threads = Integer.parseInt(parts[1].trim());
      var name = "scale-p" + partitions + "-t" + threads;
      var generator = new WorkloadGenerator(WorkloadConfig.of(2 * events, config.tenants()));
      var dataDir = work.dir(name);
      var settings = nodes.create(bootstrap, dataDir, "bench." + name, "bench-" + name, partitions, threads);
      try (var client = Topics.readyClient(bootstrap, "bench." + name, partitions)) {
        var publisher = new Publisher(client);
        publisher.publish(generator, events);
        try (var node = NodeProcess.start(settings, work.nodeLog(), BenchSuite.NODE_START)) {
          var cold = CatchUp.await(node, publisher.lastOffsets(), BenchSuite.CATCH_UP);
          publisher.publish(generator, events);
          var warm = CatchUp.await(node, publisher.lastOffsets(), BenchSuite.CATCH_UP);
          var routes = Routes.of(generator.targets(), generator.vocabulary(), 2_000, 99);
          var search = load.run(Routes.SEARCH, node.http().baseUrl(), routes.get(Routes.SEARCH),
              config.queryDuration(), config.connections());
          results.add(new ScalingResult(partitions, threads, cold.projection(), warm.projection(), search));
          LOGGER.atInfo().addKeyValue("partitions", partitions).addKeyValue("threads", threads)
              .addKeyValue("coldEventsPerSecond", Math.round(cold.projection().eventsPerSecond()))
              .addKeyValue("eventsPerSecond", Math.round(warm.projection().eventsPerSecond()))
              .addKeyValue("searchP99ms", search.p99()).log("scaling configuration measured");
        }
      } finally {
        Workspace.delete(dataDir);
      }
    }
    return results;
  }
}
