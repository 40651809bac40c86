package dev.memlog.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.bench.freshness.FreshnessResult;
import dev.memlog.bench.ingest.IngestResult;
import dev.memlog.bench.load.Latency;
import dev.memlog.bench.node.MemoryParts;
import dev.memlog.bench.projection.Throughput;
import dev.memlog.bench.quality.QualityScores;
import dev.memlog.bench.quality.RankingMeasures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

  private static StageResult stage(long events, double rate, double searchP99) {
    var latencies = new LinkedHashMap<String, List<Latency>>();
    latencies.put("trivial", List.of(new Latency("trivial", 0.5, 1, 1.5, 3, 1000, 9000, 0, "wrk")));
    latencies.put("hot-lookup", List.of(new Latency("hot-lookup", 1, 2, 3, 9, 1000, 5000, 0, "wrk")));
    latencies.put("search", List.of(new Latency("search", 5, 9, searchP99, 40, 300, 1500, 0, "wrk")));
    return new StageResult(events, events * 8 / 10, new Throughput(events, events / rate, 1.2, 700), rate * 2,
        latencies, new MemoryParts(700, 300, 120, 80, 10, 4, 50, 1.5), 0.4);
  }

  private static BenchResults results() {
    var headline = new Headline(100_000, Spread.of(List.of(9_000.0, 10_000.0, 11_000.0)),
        Spread.of(List.of(20_000.0)), Spread.of(List.of(15_000.0)), Spread.of(List.of(1_000.0)), 10_000,
        Spread.of(List.of(70_000.0)), Spread.of(List.of(12.0)), Spread.of(List.of(1.5)), Spread.of(List.of(800.0)),
        50_000);
    var machine = new Machine("cpu", 2, "24 GiB", "jvm", "os", "disk", "1.0");
    return new BenchResults("memlog-bench --quick", machine, "Wrk", 8, "-Xmx1g", headline,
        List.of(stage(10_000, 8_000, 12), stage(100_000, 10_000, 20)),
        new FreshnessResult(500, 160, 0, 5, 20, 80, 180, 200, 30, 90, 80, 0, 60, 150, 12, 40, 1_650, 0.4, 140, 70,
            120),
        List.of(new ScalingResult(6, 1, new Throughput(30_000, 6, 1.6, 600), new Throughput(30_000, 3, 1.1, 600),
            new Latency("search", 5, 9, 15, 40, 300, 1500, 0, "wrk"))),
        new IngestResult(20_000, 500, 4, 100_000, 40_000, 25_000, 3),
        new QualityScores(List.of(new QualityScores.Group("all", 2, new RankingMeasures(0.5, 0.75, 1, 1, 0.6, 0.5)))),
        List.of("1 execution samples"), 60, "1.0");
  }

  @Test
  void shouldPutTheHeadlineRatiosInTheReport() {
    var report = MarkdownReport.full(results(), List.of("a.png"));

    assertThat(report).contains("| **memlog / SQLite ceiling** | 0.50 | ≥ 0.8 |")
        .contains("| hot lookup p99 at 100,000 events (ms), and its ratio to /health's | 3.00 (2.00×) | ≤ 2× /health |")
        .contains("| memlog / naive (context only: with WAL and synchronous=NORMAL a commit does not sync) | 10.0× |  |")
        .contains("10,000 (9,000–11,000, 3 runs)")
        .contains("![a.png](a.png)")
        .contains("The node's JIT compiler threads used 0.4 s of CPU while these routes were measured (after the "
            + "warm-up).");
  }

  @Test
  void shouldGiveEachConfigurationsRateOnAWarmNodeBesideItsColdOne() {
    var report = MarkdownReport.full(results(), List.of());

    assertThat(report).contains("| partitions | stream threads | events | cold events/s | memlog events/s |")
        .contains("| 6 | 1 | 30,000 | 5,000 | 10,000 | 1.10 |");
  }

  @Test
  void shouldReportTheCostOfReadYourWritesWithAToken() {
    var report = MarkdownReport.full(results(), List.of());

    assertThat(report).contains("one GET with the publish's token (`?after=TOKEN`), publish → answer | 60.0 | 150.0 |")
        .contains("Read-your-writes probes: 80, of which 0 answered without the message");
  }

  @Test
  void shouldSayHowMuchOfFreshnessIsTheClientsAndWhenTheSlowestProbeWasSent() {
    var report = MarkdownReport.full(results(), List.of());

    assertThat(report).contains("publish → acknowledged by the broker (the client's part, a new conversation's data "
        + "key included) | 12.0 | 40.0 |")
        .contains("The slowest probe took 1,650.0 ms; it was published 0.4 s into the run")
        .contains("The 140 probes published from 3 s on (steady state, both ways of reading): p50 70.0 ms, p99 120.0 ms.")
        .contains("| publish-to-visible p99, SQLite (ms; steady state from 3 s in) | 180 (120) | ≤ 150 |");
  }

  @Test
  void shouldSayWhereTheNodesMemoryGoesAtEachStep() {
    var report = MarkdownReport.full(results(), List.of());

    assertThat(report).contains("## Where the node's memory goes")
        .contains("| 100,000 | 700 | 300 (120) | 80 | 10 | 4.0 | 50.0 | 1.5 | 255 |");
  }

  @Test
  void shouldReportEachWayInAgainstTheProducerCeiling() {
    var report = MarkdownReport.full(results(), List.of());

    assertThat(report).contains("## Ingest")
        .containsPattern("\\| memlog's Java client [^|]*\\| 40,000 \\| 0.40 \\|")
        .containsPattern("\\| HTTP ingest: POSTs of 500 events [^|]*\\| 25,000 \\| 0.25 \\|")
        .contains("HTTP answers 503 retried: 3.");
  }

  @Test
  void shouldPutSearchQualityNextToQueryLatency() {
    var report = MarkdownReport.full(results(), List.of());

    assertThat(report).contains("## Search quality")
        .contains("| questions | n | recall@5 | recall@10 | recall@20 | recall@50 | nDCG@10 | MRR@10 |")
        .contains("| all | 2 | 0.5000 | 0.7500 | 1.0000 | 1.0000 | 0.6000 | 0.5000 |");
    assertThat(report.indexOf("## Search quality")).isGreaterThan(report.indexOf("## Query latency"));
  }

  @Test
  void shouldDrawThePlotsAsPngFiles(@TempDir Path dir) {
    var files = Plots.write(results(), dir);

    assertThat(files).containsExactly("projection-by-data-size.png", "p99-latency-by-data-size.png",
        "projection-by-partitions-threads.png");
    files.forEach(f -> assertThat(dir.resolve(f)).isNotEmptyFile());
  }
}
