package dev.memlog.bench.report;

import dev.memlog.bench.load.Latency;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and spreads of one route's latency runs. */
public final class Latencies {

  private Latencies() {}

  public static Spread of(List<Latency> runs, ToDoubleFunction<Latency> value) {
    return Spread.of(runs.stream().map(value::applyAsDouble).toList());
  }

  /** The cells of one route's row: p50, p95, p99, max, requests/s (medians, spread on p99 and requests/s). */
  public static Object[] cells(String route, List<Latency> runs) {
    return new Object[] {route, Table.num(of(runs, Latency::p50).median(), 2),
        Table.num(of(runs, Latency::p95).median(), 2), of(runs, Latency::p99).format("%.2f"),
        Table.num(of(runs, Latency::max).median(), 1), of(runs, Latency::requestsPerSecond).format("%,.0f"),
        runs.stream().mapToLong(Latency::errors).sum(), runs.get(0).generator()};
  }
}
