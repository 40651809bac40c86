package dev.memlog.bench;

import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.projection.Topics;
import dev.memlog.bench.quality.JudgedCollection;
import dev.memlog.bench.quality.QualityPhase;
import dev.memlog.bench.quality.QualityRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality phase of a run: the judged collection on a topic of its own, projected by a node of its own (so the
 * bench's synthetic tenants do not change its term statistics), asked through that node's HTTP search. Writes the
 * run in TREC format to {@code quality-run.txt} in the report directory.
 */
final class QualityBench {

  private static final Logger LOGGER = LoggerFactory.getLogger(QualityBench.class);
  static final String TOPIC = "bench.quality";

  private final BenchConfig config;
  private final Workspace work;

  QualityBench(BenchConfig config, Workspace work) {
    this.config = config;
    this.work = work;
  }

  /** Whether the run measures quality: it has a judged collection to read. */
  static boolean wanted(BenchConfig config) {
    return config.qualityDir() != null && Files.isDirectory(config.qualityDir());
  }

  QualityRun run(String bootstrap, BenchSuite.NodeSettingsFactory nodes) {
    var collection = JudgedCollection.load(config.qualityDir());
    LOGGER.atInfo().addKeyValue("dir", config.qualityDir()).addKeyValue("questions", collection.queries().size())
        .log("measuring search quality");
    var dataDir = work.dir("quality");
    var settings = nodes.create(bootstrap, dataDir, TOPIC, "bench-quality", config.partitions(), 1);
    try (var client = Topics.readyClient(bootstrap, TOPIC, config.partitions());
        var node = NodeProcess.start(settings, work.nodeLog(), BenchSuite.NODE_START)) {
      var run = new QualityPhase(client, node.http()).run(collection, Duration.ofMinutes(5));
      run.writeTrec(runFile());
      return run;
    } finally {
      Workspace.delete(dataDir);
    }
  }

  /** Where the run is written, for score.py or trec_eval. */
  Path runFile() {
    return work.root().resolve("quality-run.txt");
  }
}
