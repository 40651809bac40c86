package dev.memlog.bench.report;

/**
 * The full-log projection numbers, each a median over runs: memlog replaying the whole log into a fresh read model
 * (the rebuild), the SQLite ceiling (the rows written straight into the schema), the projector's writer alone, the
 * naive baseline, the Kafka ceiling; the rebuild's total time, CPU and the node's peak resident memory.
 */
public record Headline(long events, Spread memlog, Spread sqliteCeiling, Spread writerAlone, Spread naive,
    long naiveEvents, Spread kafkaCeiling, Spread rebuildSeconds, Spread memlogCpuCores, Spread nodePeakRssMib,
    double publishEventsPerSecond) {

  /** memlog / SQLite ceiling, the first headline ratio (target ≥ 0.8). */
  public double ceilingRatio() {
    return Spread.ratio(memlog, sqliteCeiling);
  }

  /** memlog / naive baseline, the second headline ratio (target ≥ 10). */
  public double naiveRatio() {
    return Spread.ratio(memlog, naive);
  }
}
