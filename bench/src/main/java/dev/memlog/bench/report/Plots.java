package dev.memlog.bench.report;

import dev.memlog.bench.load.Latency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws the curves of a run as PNG files with XChart and returns their file names. */
public final class Plots {

  private Plots() {}

  public static List<String> write(BenchResults r, Path dir) {
    System.setProperty("java.awt.headless", "true");
    var files = new ArrayList<String>();
    if (r.stages().size() > 1) {
      files.add(save(projectionByDataSize(r.stages()), dir, "projection-by-data-size"));
      files.add(save(latencyByDataSize(r.stages()), dir, "p99-latency-by-data-size"));
    }
    if (!r.scaling().isEmpty()) {
      files.add(save(projectionByConfiguration(r.scaling()), dir, "projection-by-partitions-threads"));
    }
    return files;
  }

  static XYChart projectionByDataSize(List<StageResult> stages) {
    var chart = new XYChartBuilder().width(720).height(420).title("Projection throughput as the log grows")
        .xAxisTitle("events in the log").yAxisTitle("events/s").build();
    chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNE);
    var x = stages.stream().map(s -> (double) s.events()).toList();
    chart.addSeries("memlog", x, stages.stream().map(s -> s.projection().eventsPerSecond()).toList());
    chart.addSeries("SQLite ceiling", x, stages.stream().map(StageResult::ceilingEventsPerSecond).toList());
    return chart;
  }

  static XYChart latencyByDataSize(List<StageResult> stages) {
    var chart = new XYChartBuilder().width(720).height(420).title("p99 latency as the data grows (median of runs)")
        .xAxisTitle("messages in the read model").yAxisTitle("p99 ms").build();
    chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNW);
    var x = stages.stream().map(s -> (double) Math.max(1, s.messages())).toList();
    for (var route : stages.get(0).latencies().keySet()) {
      chart.addSeries(route, x, stages.stream()
          .map(s -> Latencies.of(s.latencies().get(route), Latency::p99).median()).toList());
    }
    return chart;
  }

  static CategoryChart projectionByConfiguration(List<ScalingResult> scaling) {
    var chart = new CategoryChartBuilder().width(720).height(420)
        .title("Projection throughput by partitions and stream threads").xAxisTitle("partitions / threads")
        .yAxisTitle("events/s").build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("memlog", scaling.stream().map(s -> s.partitions() + "p / " + s.streamThreads() + "t").toList(),
        scaling.stream().map(s -> s.projection().eventsPerSecond()).toList());
    return chart;
  }

  private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name) {
    try {
      BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
      return name + ".png";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + name, e);
    }
  }
}
