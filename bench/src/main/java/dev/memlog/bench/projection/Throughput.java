package dev.memlog.bench.projection;

/**
 * One throughput measurement: {@code events} handled in {@code seconds}, using {@code cpuCores} cores on average
 * (CPU seconds / wall seconds) and at most {@code peakRssMib} of resident memory (NaN where not measured).
 */
public record Throughput(long events, double seconds, double cpuCores, double peakRssMib) {

  public double eventsPerSecond() {
    return seconds <= 0 ? 0 : events / seconds;
  }
}
