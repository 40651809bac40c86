package dev.memlog.bench.projection;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
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

  private final WriterSettings settings;
  private final int partitions;

  public SqliteCeiling(WriterSettings settings, int partitions) {
    this.settings = settings;
    this.partitions = partitions;
  }

  /** Applies up to {@code count} events into a new database at {@code file}; records checkpoints on the way. */
  public Throughput run(Iterator<MemoryEvent> events, long count, Path file, List<Long> checkpointsAt,
      List<Checkpoint> checkpoints) {
    try (var writer = ProjectionWriter.open(SqliteDatabase.open(file), settings, new SimpleMeterRegistry(),
        Clock.systemUTC())) {
      return TimedWrites.run(events, count, partitions, checkpointsAt, checkpoints, new TimedWrites.Writer() {
        @Override
        public void write(MemoryEvent event, int partition, long offset) {
          writer.apply(event, new Provenance(MemlogTopics.EVENTS, partition, offset));
        }

        @Override
        public void commit() {
          writer.commit();
        }
      });
    } catch (Exception e) {
      throw new IllegalStateException("the writer ceiling failed on " + file, e);
    }
  }
}
