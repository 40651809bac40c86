package dev.memlog.projector.read;

import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A read model in one SQLite file, projected by the projector's own writer from a history, open for reads. */
final class ProjectedReadModel implements AutoCloseable {

  final LocalShards shards;
  private final ReadConnections connections;

  private ProjectedReadModel(LocalShards shards, ReadConnections connections) {
    this.shards = shards;
    this.connections = connections;
  }

  /** Projects {@code history} in order (offsets 0, 1, ... of partition 0) into {@code file}. */
  static ProjectedReadModel of(Path file, List<MemoryEvent> history) {
    var database = SqliteDatabase.open(file);
    try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(),
        Clock.systemUTC())) {
      long offset = 0;
      for (var event : history) {
        writer.apply(event, new Provenance("memlog.events", 0, offset++));
      }
    }
    var connections = ReadConnections.open(database, 2, new SimpleMeterRegistry());
    return new ProjectedReadModel(LocalShards.single(database.file(), connections), connections);
  }

  /** The reads of the one shard. */
  ReadConnections reads() {
    return connections;
  }

  @Override
  public void close() {
    connections.close();
  }
}
