package dev.memlog.projector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.read.MemoryReader;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.ReadConnections;
import dev.memlog.projector.read.SearchFilter;
import dev.memlog.projector.read.SearchHit;
import dev.memlog.projector.read.SearchQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read model written by an older version keeps working once the node that opens it migrates it. */
class SqliteMigrationTest {

  @TempDir Path dir;

  @Test
  void shouldIndexTheMessagesOfAVersion4ReadModelByTenantWhenMigratingToVersion5() throws SQLException {
    // Given a read model at schema version 4 (FTS index on content only), with messages of two tenants, one of
    // them redacted, written the way version 4 wrote them
    var file = dir.resolve("memlog.db");
    writeAtVersion(file, 4,
        """
          INSERT INTO messages (id, tenant, conversation_id, message_id, role, occurred_at, content, content_at,
                                content_event_id, redacted, src_topic, src_partition, src_offset, event_id)
          VALUES (1, 'acme', 'c-1', 'm-1', 'user', 1, 'my kettle leaks', 1, 'e-1', 0, 'memlog.events', 0, 0, 'e-1'),
                 (2, 'globex', 'c-2', 'm-1', 'user', 2, 'a kettle for globex', 2, 'e-2', 0, 'memlog.events', 0, 1,
                  'e-2'),
                 (3, 'acme', 'c-1', 'm-2', 'user', 3, NULL, 3, 'e-3', 1, 'memlog.events', 0, 2, 'e-3')""",
        "INSERT INTO messages_fts (rowid, content) VALUES (1, 'my kettle leaks'), "
          + "(2, 'a kettle for globex')",
        "INSERT INTO applied_offsets VALUES ('memlog.events', 0, 2, NULL)");

    // When a node of this version opens it
    var database = SqliteDatabase.open(file);

    // Then the index holds every indexable message with its tenant, and a search sees only the caller's tenant
    try (var connections = ReadConnections.open(database, 1, new SimpleMeterRegistry())) {
      var reader = new MemoryReader(LocalShards.single(database.file(), connections));
      var kettle = SearchQuery.parse("kettle", SearchQuery.Mode.ANY);
      assertThat(reader.search("acme", kettle, SearchFilter.NONE, 10, 0)).extracting(SearchHit::conversationId)
          .containsExactly("c-1");
      assertThat(reader.search("globex", kettle, SearchFilter.NONE, 10, 0)).extracting(SearchHit::conversationId)
          .containsExactly("c-2");
    }
    assertThat(ReadModelChecksum.of(database).ftsMatchesContent()).isTrue();

    // and the writer keeps the index right from there on
    try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(),
        java.time.Clock.systemUTC())) {
      var acme = Events.forTenant("acme", new EventSource("bot", "test"));
      writer.apply(acme.messageEdited("c-1", "m-1", "my teapot leaks"), new Provenance("memlog.events", 0, 3));
      writer.apply(acme.messageAppended("c-1", "m-3", Role.USER, "kettle again"), new Provenance("memlog.events", 0, 4));
    }
    assertThat(ReadModelChecksum.of(database).ftsMatchesContent()).isTrue();
  }

  @Test
  void shouldGiveEachTenantARangeOfRowidsWhenMigratingAVersion6ReadModelToVersion7() throws SQLException {
    // Given a read model at schema version 6, rowids in the order the messages came (the tenants interleaved),
    // the index holding each message's tenant token, one message a placeholder (an edit before its append)
    var file = dir.resolve("memlog.db");
    writeAtVersion(file, 6,
        """
          INSERT INTO messages (id, tenant, conversation_id, message_id, role, occurred_at, content, content_at,
                                content_event_id, redacted, src_topic, src_partition, src_offset, event_id)
          VALUES (1, 'globex', 'c-2', 'm-1', 'user', 1, 'a kettle for globex', 1, 'e-1', 0, 'memlog.events', 0, 0,
                  'e-1'),
                 (2, 'acme', 'c-1', 'm-1', 'user', 2, 'my kettle leaks', 2, 'e-2', 0, 'memlog.events', 0, 1, 'e-2'),
                 (3, 'globex', 'c-2', 'm-2', NULL, NULL, 'kettle, edited early', 3, 'e-3', 0, 'memlog.events', 0, 2,
                  'e-3'),
                 (4, 'acme', 'c-1', 'm-2', 'assistant', 4, 'a new kettle then', 4, 'e-4', 0, 'memlog.events', 0, 3,
                  'e-4')""",
        "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')",
        "INSERT INTO applied_offsets VALUES ('memlog.events', 0, 3, NULL)");

    // When a node of this version opens it
    var database = SqliteDatabase.open(file);

    // Then each tenant has the range of its first message's order, its rows numbered in the order they came
    assertThat(rows(database, "SELECT tenant || ' ' || (id >> 32) || '.' || (id & 4294967295) FROM messages "
        + "ORDER BY id")).containsExactly("globex 1.1", "globex 1.2", "acme 2.1", "acme 2.2");
    assertThat(rows(database, "SELECT tenant || ' ' || ordinal FROM tenant_ranges ORDER BY ordinal"))
        .containsExactly("globex 1", "acme 2");
    // the index holds the content alone, and a search sees the caller's tenant only
    assertThat(rows(database, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'kettle' ORDER BY rowid"))
        .containsExactly(Long.toString((1L << 32) + 1), Long.toString((2L << 32) + 1),
            Long.toString((2L << 32) + 2));
    try (var connections = ReadConnections.open(database, 1, new SimpleMeterRegistry())) {
      var reader = new MemoryReader(LocalShards.single(database.file(), connections));
      var kettle = SearchQuery.parse("kettle", SearchQuery.Mode.ANY);
      assertThat(reader.search("acme", kettle, SearchFilter.NONE, 10, 0)).extracting(SearchHit::messageId)
          .containsExactlyInAnyOrder("m-1", "m-2");
      assertThat(reader.search("globex", kettle, SearchFilter.NONE, 10, 0)).extracting(SearchHit::messageId)
          .containsExactly("m-1");
    }
    assertThat(ReadModelChecksum.of(database).ftsMatchesContent()).isTrue();

    // and the writer goes on in the ranges: after the tenant's last row, and a new tenant gets the next range
    try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(),
        java.time.Clock.systemUTC())) {
      writer.apply(Events.forTenant("acme", new EventSource("bot", "test"))
          .messageAppended("c-1", "m-3", Role.USER, "kettle again"), new Provenance("memlog.events", 0, 4));
      writer.apply(Events.forTenant("initech", new EventSource("bot", "test"))
          .messageAppended("c-9", "m-1", Role.USER, "a kettle at initech"), new Provenance("memlog.events", 0, 5));
      writer.apply(Events.forTenant("globex", new EventSource("bot", "test"))
          .messageAppended("c-2", "m-2", Role.USER, "kettle, appended late"), new Provenance("memlog.events", 0, 6));
    }
    assertThat(rows(database, "SELECT tenant || ' ' || (id >> 32) || '.' || (id & 4294967295) FROM messages "
        + "ORDER BY id")).containsExactly("globex 1.1", "globex 1.2", "acme 2.1", "acme 2.2", "acme 2.3",
            "initech 3.1");
    assertThat(rows(database, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'kettle' ORDER BY rowid"))
        .hasSize(6);
    assertThat(ReadModelChecksum.of(database).ftsMatchesContent()).isTrue();
  }

  /** Writes {@code statements} into a read model created at schema version {@code version}, as that version did. */
  private static void writeAtVersion(Path file, int version, String... statements) throws SQLException {
    try (var connection = SqliteDatabase.open(file, version).openWriter();
        var statement = connection.createStatement()) {
      for (var sql : statements) {
        statement.executeUpdate(sql);
      }
      connection.commit();
    }
  }

  private static java.util.List<String> rows(SqliteDatabase database, String sql) throws SQLException {
    var values = new java.util.ArrayList<String>();
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
