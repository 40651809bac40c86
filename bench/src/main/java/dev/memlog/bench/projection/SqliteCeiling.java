package dev.memlog.bench.projection;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The projector's own SQLite writer fed in a loop, no Kafka: the same rows, schema, statements and batch size as
 * the node writes, with the fold's reads (idempotency, last-writer-wins), but without the hot views. With a batch
 * of one event it is the naive baseline: one transaction per event.
 */
public final class SqliteCeiling {

  /** The throughput reached at each checkpoint (events applied so far, elapsed seconds). */
  public record Checkpoint(long events, double seconds) {}

  private static final int CHUNK = 1_000;

  private final WriterSettings settings;
  private final int partitions;

  public SqliteCeiling(WriterSettings settings, int partitions) {
    this.settings = settings;
    this.partitions = partitions;
  }

  /** Applies up to {@code count} events into a new database at {@code file}; records checkpoints on the way. */
  public Throughput run(Iterator<MemoryEvent> events, long count, Path file, List<Long> checkpointsAt,
      List<Checkpoint> checkpoints) {
    var threads = ManagementFactory.getThreadMXBean();
    var offsets = new long[partitions];
    var pending = new ArrayList<>(checkpointsAt);
    try (var writer = ProjectionWriter.open(SqliteDatabase.open(file), settings, new SimpleMeterRegistry(),
        Clock.systemUTC())) {
      long nanos = 0;
      long cpuNanos = 0;
      long applied = 0;
      var chunk = new ArrayList<MemoryEvent>(CHUNK);
      while (applied < count && events.hasNext()) {
        // the workload is generated outside the clock: only the writer's work is timed
        chunk.clear();
        while (chunk.size() < CHUNK && applied + chunk.size() < count && events.hasNext()) {
          chunk.add(events.next());
        }
        long cpuStart = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (var event : chunk) {
          int partition = MemlogTopics.partitionFor(event.key().bytes(), partitions);
          writer.apply(event, new Provenance(MemlogTopics.EVENTS, partition, offsets[partition]++));
          applied++;
          if (!pending.isEmpty() && applied == pending.get(0)) {
            writer.commit();
            checkpoints.add(new Checkpoint(applied, (nanos + System.nanoTime() - started) / 1e9));
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
      double cpu = cpuNanos / 1e9;
      return new Throughput(applied, seconds, cpu / seconds, Double.NaN);
    }
  }
}
