package dev.memlog.bench.projection;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.MemoryEvent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Feeds a workload to a writer under the clock, for the SQLite ceilings: the events are generated in chunks
 * outside the clock, each is written with the partition and offset it would have in the events topic, and the
 * writer commits at each checkpoint (where the elapsed time is recorded) and at the end.
 */
final class TimedWrites {

  /** What is timed: writing one event, and committing what was written. */
  interface Writer {
    void write(MemoryEvent event, int partition, long offset) throws Exception;

    void commit() throws Exception;
  }

  private static final int CHUNK = 1_000;

  private TimedWrites() {}

  static Throughput run(Iterator<MemoryEvent> events, long count, int partitions, List<Long> checkpointsAt,
      List<SqliteCeiling.Checkpoint> checkpoints, Writer writer) throws Exception {
    var threads = ManagementFactory.getThreadMXBean();
    var offsets = new long[partitions];
    var pending = new ArrayList<>(checkpointsAt);
    long nanos = 0;
    long cpuNanos = 0;
    long applied = 0;
    var chunk = new ArrayList<MemoryEvent>(CHUNK);
    while (applied < count && events.hasNext()) {
      chunk.clear();
      while (chunk.size() < CHUNK && applied + chunk.size() < count && events.hasNext()) {
        chunk.add(events.next());
      }
      long cpuStart = threads.getCurrentThreadCpuTime();
      long started = System.nanoTime();
      for (var event : chunk) {
        int partition = MemlogTopics.partitionFor(event.key().bytes(), partitions);
        writer.write(event, partition, offsets[partition]++);
        applied++;
        if (!pending.isEmpty() && applied == pending.get(0)) {
          writer.commit();
          checkpoints.add(new SqliteCeiling.Checkpoint(applied, (nanos + System.nanoTime() - started) / 1e9));
          pending.remove(0);
        }
      }
      if (applied >= count || !events.hasNext()) {
        writer.commit();
      }
      nanos += System.nanoTime() - started;
      cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
    }
    double seconds = nanos / 1e9;
    return new Throughput(applied, seconds, cpuNanos / 1e9 / seconds, Double.NaN);
  }
}
