package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.SqliteException;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read connections keep their statements prepared, and a prepared statement holds no snapshot between queries. */
class ReadConnectionsTest {

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("bot", "test"));

  @Test
  void shouldSeeEachCommitWithTheSameStatementAndLetTheWalBeTruncatedBetweenQueries() throws SQLException {
    var database = SqliteDatabase.open(dir.resolve("shard.db"));
    try (var reads = ReadConnections.open(database, 1, new SimpleMeterRegistry())) {
      assertThat(exists(reads, "kettle-1")).isFalse();

      try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(),
          Clock.systemUTC())) {
        writer.apply(events.entityUpserted("kettle-1", "product", "Red kettle", Map.of()),
            new Provenance("memlog.events", 0, 0));
        writer.commit();
      }

      assertThat(exists(reads, "kettle-1")).as("the commit after the statement was prepared").isTrue();
      try (var connection = database.openWriter(); var statement = connection.createStatement();
          var rows = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        assertThat(rows.getInt(1)).as("busy: a reader still holds a snapshot").isZero();
      }
    }
  }

  @Test
  void shouldPrepareAgainAfterAFailedQuery() {
    var database = SqliteDatabase.open(dir.resolve("shard.db"));
    try (var reads = ReadConnections.open(database, 1, new SimpleMeterRegistry())) {
      assertThatThrownBy(() -> reads.query("entity-exists", rows -> rows.getString(9), "acme", "kettle-1"))
          .isInstanceOf(SqliteException.class).hasMessageContaining("entity-exists");

      assertThat(exists(reads, "kettle-1")).isFalse();
    }
  }

  private static boolean exists(ReadConnections reads, String entityId) {
    return reads.query("entity-exists", rows -> rows.next(), "acme", entityId);
  }
}
