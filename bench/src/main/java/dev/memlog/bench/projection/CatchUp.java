package dev.memlog.bench.projection;

import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.node.Pause;
import java.time.Duration;
import java.util.Map;

/**
 * Watches a running node project a backlog until every partition's applied offset reaches the last offset written.
 * The rate is taken from the first progress seen to the end, so the node's start-up and rebalance are not counted
 * in it; they are in {@code totalSeconds}.
 */
public final class CatchUp {

  /** The projection rate, and the time from the node's process start until caught up. */
  public record Result(Throughput projection, double totalSeconds) {}

  private CatchUp() {}

  public static Result await(NodeProcess node, Map<Integer, Long> target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long initial = -1;
    long firstAt = 0;
    long firstApplied = 0;
    double firstCpu = 0;
    while (System.nanoTime() < deadline) {
      var applied = node.http().appliedOffsets();
      long now = System.nanoTime();
      if (!applied.isEmpty()) {
        long total = total(applied, target);
        if (initial < 0) {
          initial = total;
        } else if (firstAt == 0 && total > initial) {
          firstAt = now;
          firstApplied = total;
          firstCpu = node.cpuSeconds();
        }
        if (caughtUp(applied, target)) {
          double seconds = firstAt == 0 ? 0 : (now - firstAt) / 1e9;
          double cpu = node.cpuSeconds() - firstCpu;
          var rate = new Throughput(total - firstApplied, seconds, seconds == 0 ? Double.NaN : cpu / seconds,
              node.memory().peakRssMib());
          return new Result(rate, node.ageSeconds());
        }
      }
      Pause.millis(50);
    }
    throw new IllegalStateException("the node did not catch up within " + timeout);
  }

  private static long total(Map<Integer, Long> applied, Map<Integer, Long> target) {
    long total = 0;
    for (var partition : target.keySet()) {
      total += applied.getOrDefault(partition, -1L) + 1;
    }
    return total;
  }

  private static boolean caughtUp(Map<Integer, Long> applied, Map<Integer, Long> target) {
    return target.entrySet().stream().allMatch(t -> applied.getOrDefault(t.getKey(), -1L) >= t.getValue());
  }
}
