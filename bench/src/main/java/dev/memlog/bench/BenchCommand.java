package dev.memlog.bench;

import dev.memlog.bench.report.MarkdownReport;
import dev.memlog.bench.report.Plots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The harness's options; runs the suite, writes report.md and the plots, prints the headline table. */
@Command(name = "memlog-bench", mixinStandardHelpOptions = true,
    description = "Measure memlog's projection, query latency, freshness and rebuild against raw ceilings, "
        + "on this machine, in one run.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--events", defaultValue = "1000000", description = "Events in the log (default ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--tenants", defaultValue = "100", description = "Tenants (Zipf-skewed sizes).")
  int tenants;

  @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the events topic.")
  int partitions;

  @Option(names = "--stream-threads", description = "Kafka Streams threads of the node (default: the number of "
      + "cores, the node's own default).")
  int streamThreads = Math.min(64, Runtime.getRuntime().availableProcessors());

  @Option(names = "--runs", defaultValue = "3", description = "Repetitions of each measurement (medians reported).")
  int runs;

  @Option(names = "--output", defaultValue = "bench/target/bench-report", description = "Report directory.")
  Path output;

  @Option(names = "--query-seconds", defaultValue = "5", description = "Length of one load run per route.")
  int querySeconds;

  @Option(names = "--warm-up-seconds", defaultValue = "20", description = "Before a data step's queries are "
      + "measured, every route in turn for this long in all, so that the node's JIT has compiled the query paths "
      + "(default ${DEFAULT-VALUE}; the report gives the JIT's time during the measured runs).")
  int warmUpSeconds;

  @Option(names = "--connections", defaultValue = "8", description = "Concurrent HTTP connections.")
  int connections;

  @Option(names = "--load-generator", defaultValue = "auto", description = "auto (wrk if installed), wrk or java.")
  String loadGenerator;

  @Option(names = "--scale-events", defaultValue = "100000", description = "Events for the partition/thread runs.")
  long scaleEvents;

  @Option(names = "--scale", split = ",", defaultValue = "1:1,6:1,6:2,12:2",
      description = "partitions:threads configurations to compare (empty to skip).")
  List<String> scale;

  @Option(names = "--freshness-rate", defaultValue = "200", description = "Steady publish rate, events/s.")
  int freshnessRate;

  @Option(names = "--freshness-seconds", defaultValue = "20", description = "Length of the freshness run.")
  int freshnessSeconds;

  @Option(names = "--ingest-events", defaultValue = "100000", description = "Events published each way in (Kafka "
      + "producer ceiling, Java client, HTTP ingest) by the ingest phase; 0 skips it.")
  long ingestEvents;

  @Option(names = "--naive-events", defaultValue = "50000", description = "Events for the naive baseline.")
  long naiveEvents;

  @Option(names = "--node-heap", defaultValue = "1g", description = "The node's -Xmx.")
  String nodeHeap;

  @Option(names = "--node-env", paramLabel = "NAME=VALUE", description = "A MEMLOG_* setting given to every "
      + "node the bench starts (repeatable), e.g. --node-env MEMLOG_COMMIT_INTERVAL_MS=50; the harness's own "
      + "(data dir, ports, topics, partitions, threads) cannot be set this way.")
  Map<String, String> nodeEnvironment = new java.util.LinkedHashMap<>();

  @Option(names = "--node-jvm-option", paramLabel = "OPTION", description = "A JVM option given to every node the "
      + "bench starts after its own (-Xmx from --node-heap, -XX:+UseG1GC), repeatable, e.g. "
      + "--node-jvm-option=-XX:TieredStopAtLevel=1.")
  List<String> nodeJvmOptions = new java.util.ArrayList<>();

  @Option(names = "--profile", description = "Record the last rebuild with JFR and summarize the hottest frames.")
  boolean profile;

  @Option(names = "--quality", defaultValue = "../shared/eval/locomo-dev",
      description = "Judged search collection (events.jsonl, queries.tsv, qrels.trec) whose questions are run "
          + "through the HTTP search and scored (default ${DEFAULT-VALUE}; skipped if absent).")
  Path qualityDir;

  @Option(names = "--quality-only", description = "Measure search quality only (the --quality collection must "
      + "exist): one node, the collection published, every question asked; writes quality.md.")
  boolean qualityOnly;

  @Option(names = "--quick", description = "A short smoke run: 100k events, 1 run, 2 s load runs, small scaling.")
  boolean quick;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var config = quick ? quickConfig() : config();
    if (qualityOnly) {
      return qualityOnly(config);
    }
    var command = "memlog-bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    var results = new BenchSuite(config).run(command);
    var plots = Plots.write(results, config.outputDir());
    var report = config.outputDir().resolve("report.md");
    Files.writeString(report, MarkdownReport.full(results, plots), StandardCharsets.UTF_8);
    var out = spec.commandLine().getOut();
    out.println(MarkdownReport.headline(results));
    out.println("Report: " + report.toAbsolutePath());
    out.flush();
    return 0;
  }

  private int qualityOnly(BenchConfig config) throws java.io.IOException {
    var run = BenchSuite.qualityOnly(config);
    var report = config.outputDir().resolve("quality.md");
    Files.writeString(report, MarkdownReport.quality(run.scores(), config.qualityDir()), StandardCharsets.UTF_8);
    var out = spec.commandLine().getOut();
    out.println(dev.memlog.bench.quality.QualityTable.markdown(run.scores()));
    out.println("Report: " + report.toAbsolutePath());
    out.flush();
    return 0;
  }

  private BenchConfig config() {
    return new BenchConfig(events, tenants, partitions, streamThreads, runs, output,
        Duration.ofSeconds(querySeconds), connections, loadGenerator, scaleEvents,
        scale.stream().filter(s -> !s.isBlank()).toList(), freshnessRate, Duration.ofSeconds(freshnessSeconds),
        naiveEvents, nodeHeap, profile, qualityDir, ingestEvents, nodeEnvironment, nodeJvmOptions,
        Duration.ofSeconds(warmUpSeconds));
  }

  private BenchConfig quickConfig() {
    var given = spec.commandLine().getParseResult();
    long quickEvents = given.hasMatchedOption("--events") ? events : 100_000;
    return new BenchConfig(quickEvents, tenants, partitions, streamThreads,
        given.hasMatchedOption("--runs") ? runs : 1, output, Duration.ofSeconds(2), connections, loadGenerator,
        Math.min(scaleEvents, 30_000), given.hasMatchedOption("--scale") ? scale : List.of("1:1", "6:2"),
        freshnessRate, Duration.ofSeconds(8), Math.min(naiveEvents, 10_000), nodeHeap, profile, qualityDir,
        Math.min(ingestEvents, 20_000), nodeEnvironment, nodeJvmOptions,
        Duration.ofSeconds(given.hasMatchedOption("--warm-up-seconds") ? warmUpSeconds : 5));
  }
}
