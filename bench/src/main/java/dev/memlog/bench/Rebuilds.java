package dev.memlog.bench;

import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.node.NodeSettings;
import dev.memlog.bench.projection.CatchUp;
import dev.memlog.bench.report.ProfileSummary;
import dev.memlog.bench.report.Spread;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the read model from the log {@code runs} times: the node is stopped, its Kafka Streams state (every
 * read-model shard) is deleted, and it is started again; Kafka Streams restores each shard from the events topic
 * up to the group's committed offset (the restore path: the same fold, fed by the restore callback). The last run may be profiled with JFR, and leaves the node up for a last measure.
 */
final class Rebuilds {

  private static final Logger LOGGER = LoggerFactory.getLogger(Rebuilds.class);

  private final BenchConfig config;
  private final Workspace work;
  private final NodeSettings settings;
  private final List<Double> rates = new ArrayList<>();
  private final List<Double> totals = new ArrayList<>();
  private final List<Double> cpu = new ArrayList<>();
  private final List<Double> rss = new ArrayList<>();
  private List<String> profile = List.of();

  Rebuilds(BenchConfig config, Workspace work, NodeSettings settings) {
    this.config = config;
    this.work = work;
    this.settings = settings;
  }

  void run(Map<Integer, Long> lastOffsets, Consumer<NodeProcess> afterLast) {
    for (int run = 0; run < config.runs(); run++) {
      Workspace.delete(settings.dataDir().resolve("streams"));
      boolean last = run == config.runs() - 1;
      var jfr = work.root().resolve("node-rebuild.jfr");
      var nodeSettings = last && config.profile() ? withJfr(jfr) : settings;
      try (var node = NodeProcess.start(nodeSettings, work.nodeLog(), BenchSuite.NODE_START)) {
        var caughtUp = CatchUp.await(node, lastOffsets, BenchSuite.CATCH_UP);
        rates.add(caughtUp.projection().eventsPerSecond());
        totals.add(caughtUp.totalSeconds());
        cpu.add(caughtUp.projection().cpuCores());
        rss.add(caughtUp.projection().peakRssMib());
        LOGGER.atInfo().addKeyValue("run", run + 1)
            .addKeyValue("eventsPerSecond", Math.round(caughtUp.projection().eventsPerSecond()))
            .addKeyValue("totalSeconds", caughtUp.totalSeconds()).log("rebuilt");
        if (last) {
          afterLast.accept(node);
        }
      }
      if (last && config.profile()) {
        profile = ProfileSummary.of(jfr, 25);
      }
    }
  }

  private NodeSettings withJfr(java.nio.file.Path jfr) {
    var options = new ArrayList<>(settings.jvmOptions());
    options.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    return settings.withJvmOptions(options);
  }

  Spread rates() {
    return Spread.of(rates);
  }

  Spread totalSeconds() {
    return Spread.of(totals);
  }

  Spread cpuCores() {
    return Spread.of(cpu);
  }

  Spread peakRss() {
    return Spread.of(rss);
  }

  /** The profile of the last rebuild's node (hottest frames), empty unless profiling was asked for. */
  List<String> profile() {
    return profile;
  }
}
