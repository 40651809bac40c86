package dev.memlog.bench.report;

import static dev.memlog.bench.report.Table.num;

import dev.memlog.bench.freshness.FreshnessProbe;
import dev.memlog.bench.ingest.IngestResult;
import dev.memlog.bench.load.Latency;
import dev.memlog.bench.load.Routes;
import dev.memlog.bench.quality.QualityPhase;
import dev.memlog.bench.quality.QualityScores;
import dev.memlog.bench.quality.QualityTable;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the report: headline, projection, queries, search quality, freshness, rebuild, scaling, machine and
 * profile.
 */
public final class MarkdownReport {

  private MarkdownReport() {}

  /** The headline table alone, as printed at the end of a run. */
  public static String headline(BenchResults r) {
    var h = r.headline();
    var last = r.stages().get(r.stages().size() - 1);
    var table = new Table("measure", "value", "target")
        .row("memlog projection, full log (events/s)", h.memlog().format("%,.0f"), "")
        .row("SQLite ceiling, same rows, schema and batch (events/s)", h.sqliteCeiling().format("%,.0f"), "")
        .row("projector's writer alone, no Kafka (events/s)", h.writerAlone().format("%,.0f"), "")
        .row("naive, one event per transaction (events/s)", h.naive().format("%,.0f"), "")
        .row("Kafka ceiling, plain consumer (events/s)", h.kafkaCeiling().format("%,.0f"), "")
        .row("**memlog / SQLite ceiling**", num(h.ceilingRatio(), 2), "≥ 0.8")
        .row("memlog / naive (context only: with WAL and synchronous=NORMAL a commit does not sync)",
            num(h.naiveRatio(), 1) + "×", "")
        .row("hot lookup p99 at " + num(last.events(), 0) + " events (ms), and its ratio to /health's",
            p99(last, Routes.HOT) + " (" + ratio(last, Routes.HOT, Routes.TRIVIAL) + "×)", "≤ 2× /health")
        .row("search p99 at " + num(last.messages(), 0) + " messages (ms)", p99(last, Routes.SEARCH), "≤ 25")
        .row("search p99 of the largest tenant (ms)", p99(last, Routes.SEARCH_LARGEST), "≤ 25")
        .row("search p99 of the smaller half of the tenants (ms)", p99(last, Routes.SEARCH_SMALL), "≤ 25")
        .row("publish-to-visible p99, SQLite (ms; steady state from " + FreshnessProbe.WARM_UP.toSeconds() + " s in)",
            r.freshness() == null ? "n/a" : num(r.freshness().sqliteP99(), 0) + " (" + num(r.freshness().steadyP99(), 0)
                + ")",
            "≤ 150")
        .row("rebuild of " + num(h.events(), 0) + " events (s)", h.rebuildSeconds().format("%.1f"),
            "≤ 60 at 1M (aim 40)")
        .row("node peak RSS (MiB)", h.nodePeakRssMib().format("%.0f"), "bounded");
    return table.markdown();
  }

  public static String full(BenchResults r, List<String> plots) {
    var out = new StringBuilder("# memlog benchmark report\n\n");
    out.append("Command: `").append(r.command()).append("`  \nWall time: ").append(num(r.wallSeconds(), 0))
        .append(" s. Load generator: ").append(r.loadGenerator()).append(", ").append(r.connections())
        .append(" connections, closed loop. Node JVM: `").append(r.nodeJvmOptions()).append("`.\n\n");
    out.append("## Headline\n\n").append(headline(r)).append('\n');
    projection(out, r.headline());
    stages(out, r.stages());
    memory(out, r.stages());
    queries(out, r.stages());
    if (r.quality() != null) {
      out.append(quality(r.quality(), null));
    }
    freshness(out, r);
    ingest(out, r.ingest());
    scaling(out, r.scaling());
    out.append("## Plots\n\n");
    plots.forEach(p -> out.append("![").append(p).append("](").append(p).append(")\n\n"));
    machine(out, r);
    if (!r.profile().isEmpty()) {
      out.append("## Profile of the node during the last rebuild and the freshness run (JFR execution samples)\n\n```\n")
          .append(String.join("\n", r.profile())).append("\n```\n");
    }
    return out.toString();
  }

  private static void projection(StringBuilder out, Headline h) {
    out.append("## Projection, full log of ").append(num(h.events(), 0)).append(" events\n\n");
    out.append(new Table("pipeline", "events/s (median, range)", "CPU cores", "ratio to memlog")
        .row("memlog: Kafka → Streams → SQLite + FTS5 + RocksDB (fresh node replays the log)",
            h.memlog().format("%,.0f"), h.memlogCpuCores().format("%.2f"), "1.00")
        .row("SQLite ceiling: the same rows written straight into the same schema, batch 5,000, no Kafka",
            h.sqliteCeiling().format("%,.0f"), "≤ 1 (one thread)", num(1 / h.ceilingRatio(), 2))
        .row("the projector's writer alone (the fold: idempotency, last-writer-wins, versions), no Kafka",
            h.writerAlone().format("%,.0f"), "≤ 1 (one thread)",
            num(h.writerAlone().median() / h.memlog().median(), 2))
        .row("naive: one event per SQLite transaction (first " + num(h.naiveEvents(), 0) + " events)",
            h.naive().format("%,.0f"), "≤ 1 (one thread)", num(1 / h.naiveRatio(), 3))
        .row("Kafka ceiling: a plain consumer reading the topic, doing nothing", h.kafkaCeiling().format("%,.0f"),
            "", num(h.kafkaCeiling().median() / h.memlog().median(), 2))
        .markdown());
    out.append("\nPublishing the workload (MemlogClient, validated, idempotent, lz4): ")
        .append(num(h.publishEventsPerSecond(), 0)).append(" events/s.\n\n");
    out.append("Rebuild (stop the node, delete its read model and Streams state, start it, wait until every "
        + "partition is applied): total ").append(h.rebuildSeconds().format("%.1f"))
        .append(" s from process start; node peak RSS ").append(h.nodePeakRssMib().format("%.0f"))
        .append(" MiB.\n\n");
  }

  private static void stages(StringBuilder out, List<StageResult> stages) {
    out.append("## As the data grows\n\nEach step publishes the step's new events while the node is stopped, then "
        + "starts the node and measures it projecting them on top of the earlier steps (one run).\n\n");
    var table = new Table("events in log", "messages", "memlog events/s", "SQLite ceiling events/s (same step)",
        "ratio", "node CPU cores", "node peak RSS MiB");
    for (var s : stages) {
      table.row(num(s.events(), 0), num(s.messages(), 0), num(s.projection().eventsPerSecond(), 0),
          num(s.ceilingEventsPerSecond(), 0), num(s.projection().eventsPerSecond() / s.ceilingEventsPerSecond(), 2),
          num(s.projection().cpuCores(), 2), num(s.projection().peakRssMib(), 0));
    }
    out.append(table.markdown()).append('\n');
  }

  private static void memory(StringBuilder out, List<StageResult> stages) {
    out.append("## Where the node's memory goes\n\nAt each step, after the queries: the node's RSS and the parts its "
        + "`/metrics` name, in MiB (RocksDB: Kafka Streams' store metrics, summed over every store; n/a where the "
        + "node did not report them yet). The rest is what none of them accounts for: SQLite's page caches, "
        + "thread stacks, the allocator, code.\n\n");
    var table = new Table("events in log", "RSS", "heap committed (used)", "non-heap committed", "direct buffers",
        "RocksDB memtables", "RocksDB block caches", "RocksDB table readers", "rest");
    for (var s : stages) {
      var m = s.memory();
      table.row(num(s.events(), 0), num(m.rssMib(), 0),
          num(m.heapCommittedMib(), 0) + " (" + num(m.heapUsedMib(), 0) + ")", num(m.nonHeapCommittedMib(), 0),
          num(m.directMib(), 0), num(m.rocksDbMemTablesMib(), 1), num(m.rocksDbBlockCacheMib(), 1),
          num(m.rocksDbTableReadersMib(), 1), num(m.rest(), 0));
    }
    out.append(table.markdown()).append('\n');
  }

  private static void queries(StringBuilder out, List<StageResult> stages) {
    out.append("## Query latency under load\n\nClosed loop; latency in ms (medians of the runs; p99 and "
        + "requests/s with their range). `trivial` is /health of the same server: the HTTP ceiling.\n\n");
    for (var s : stages) {
      out.append("### ").append(num(s.events(), 0)).append(" events, ").append(num(s.messages(), 0))
          .append(" messages\n\n");
      var table = new Table("route", "p50", "p95", "p99", "max", "requests/s", "errors", "generator");
      s.latencies().forEach((route, runs) -> table.row(Latencies.cells(route, runs)));
      out.append(table.markdown()).append('\n');
      if (!Double.isNaN(s.jitCpuSeconds())) {
        out.append("The node's JIT compiler threads used ").append(num(s.jitCpuSeconds(), 1))
            .append(" s of CPU while these routes were measured (after the warm-up).\n\n");
      }
    }
  }

  /** The search quality section: the judged questions' measures, overall and per category. */
  public static String quality(QualityScores scores, Path collection) {
    return "## Search quality\n\nEvery judged question asked through the HTTP search as an agent asks it (the "
        + "question as `q`, its conversation as `conversationId`, `limit` " + QualityPhase.LIMIT + ")"
        + (collection == null ? "" : ", collection `" + collection + "`")
        + "; scored as `score.py` and `trec_eval -c` score a run (the run is `quality-run.txt`).\n\n"
        + QualityTable.markdown(scores) + "\n";
  }

  private static void freshness(StringBuilder out, BenchResults r) {
    var f = r.freshness();
    if (f == null) {
      return;
    }
    out.append("## Freshness\n\n").append(num(f.rate(), 0)).append(" events/s published steadily; ")
        .append(f.probes()).append(" probe messages, ").append(f.timedOut()).append(" not visible within 10 s.\n\n");
    out.append(new Table("publish → visible", "p50 ms", "p99 ms")
        .row("hot view (conversation summary, RocksDB)", num(f.hotP50(), 1), num(f.hotP99(), 1))
        .row("SQLite read model (answer's appliedOffset ≥ the event's offset)", num(f.sqliteP50(), 1),
            num(f.sqliteP99(), 1) + " (max " + num(f.sqliteMax(), 1) + ")")
        .row("GETs a polling client needed (polling every " + FreshnessProbe.POLL_MILLIS + " ms)",
            num(f.pollsP50(), 0), num(f.pollsP99(), 0))
        .row("read-your-writes: one GET with the publish's token (`?after=TOKEN`), publish → answer",
            num(f.tokenP50(), 1), num(f.tokenP99(), 1))
        .row("of which publish → acknowledged by the broker (the client's part, a new conversation's data key "
            + "included)", num(f.ackP50(), 1), num(f.ackP99(), 1))
        .markdown());
    out.append("\nThe slowest probe took ").append(num(f.slowestMs(), 1)).append(" ms; it was published ")
        .append(num(f.slowestSentAtSeconds(), 1)).append(" s into the run, which starts as soon as the rebuilt node "
        + "has applied the log. The ").append(f.steadyProbes()).append(" probes published from ")
        .append(FreshnessProbe.WARM_UP.toSeconds()).append(" s on (steady state, both ways of reading): p50 ")
        .append(num(f.steadyP50(), 1)).append(" ms, p99 ").append(num(f.steadyP99(), 1)).append(" ms.\n");
    out.append("\nRead-your-writes probes: ").append(f.tokenReads()).append(", of which ").append(f.tokenMisses())
        .append(" answered without the message (0 expected). Polling probes and token probes alternate.\n\n");
  }

  private static void ingest(StringBuilder out, IngestResult ingest) {
    if (ingest == null) {
      return;
    }
    out.append("## Ingest\n\nThe same ").append(num(ingest.events(), 0)).append(" generated events into Kafka each "
        + "way in, each to a topic of its own, until every one is acknowledged (`acks=all`).\n\n");
    out.append(new Table("way in", "events/s", "ratio to the producer ceiling")
        .row("Kafka producer ceiling: a plain producer, the events' JSON encoded before the clock, memlog's client "
            + "settings", num(ingest.producerCeiling(), 0), "1.00")
        .row("memlog's Java client (validate and seal each event), `publishAll` of " + ingest.batch(),
            num(ingest.javaClient(), 0), num(ingest.javaClient() / ingest.producerCeiling(), 2))
        .row("HTTP ingest: POSTs of " + ingest.batch() + " events of one tenant over " + ingest.connections()
            + " connections, to a node that projects them meanwhile", num(ingest.httpIngest(), 0),
            num(ingest.httpIngest() / ingest.producerCeiling(), 2))
        .markdown());
    out.append("\nHTTP answers 503 retried: ").append(ingest.httpRetries()).append(".\n\n");
  }

  private static void scaling(StringBuilder out, List<ScalingResult> scaling) {
    if (scaling.isEmpty()) {
      return;
    }
    out.append("## Partitions and stream threads\n\n").append("Each configuration's node projects its first events "
        + "while its JIT compiles (\"cold\"), then as many again, published once it has caught up: the second rate, "
        + "on a warm node, is the configuration's.\n\n");
    var table = new Table("partitions", "stream threads", "events", "cold events/s", "memlog events/s",
        "node CPU cores", "search p50 ms", "search p99 ms", "search requests/s");
    for (var s : scaling) {
      Latency search = s.search();
      table.row(s.partitions(), s.streamThreads(), num(s.projection().events(), 0),
          num(s.cold().eventsPerSecond(), 0), num(s.projection().eventsPerSecond(), 0),
          num(s.projection().cpuCores(), 2), num(search.p50(), 2),
          num(search.p99(), 2), num(search.requestsPerSecond(), 0));
    }
    out.append(table.markdown()).append('\n');
  }

  private static void machine(StringBuilder out, BenchResults r) {
    var m = r.machine();
    out.append("## Machine\n\n").append(new Table("", "")
        .row("CPU", m.cpu()).row("cores", m.cores()).row("memory", m.memory()).row("JVM", m.jvm())
        .row("OS", m.os()).row("disk (data)", m.disk()).row("load average at start", m.loadAverage())
        .row("load average at end", r.loadAverageAfter()).markdown()).append('\n');
  }

  private static String ratio(StageResult stage, String route, String to) {
    var runs = stage.latencies().get(route);
    var base = stage.latencies().get(to);
    return runs == null || base == null ? "n/a"
        : num(Latencies.of(runs, Latency::p99).median() / Latencies.of(base, Latency::p99).median(), 2);
  }

  private static String p99(StageResult stage, String route) {
    var runs = stage.latencies().get(route);
    return runs == null ? "n/a" : Latencies.of(runs, Latency::p99).format("%.2f");
  }
}
