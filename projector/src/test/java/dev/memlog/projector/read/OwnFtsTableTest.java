package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant with many messages in a shard gets an FTS5 table of its own (V7): moved once, searched there. */
class OwnFtsTableTest {

  private static final int OWN_TABLE_AT = 4;

  @TempDir Path dir;

  private final Events acme = Events.forTenant("acme", new EventSource("bot", "test"));
  private final Events globex = Events.forTenant("globex", new EventSource("bot", "test"));

  @Test
  void shouldMoveATenantToATableOfItsOwnAtTheThresholdAndSearchItThere() throws SQLException {
    var history = new ArrayList<MemoryEvent>();
    for (int i = 0; i < 6; i++) {
      history.add(acme.messageAppended("c-" + (i % 2), "m-" + i, Role.USER, "kettle number " + i + " leaks"));
    }
    history.add(globex.messageAppended("c-9", "m-1", Role.USER, "the globex kettle leaks too"));
    var database = project("moved.db", history, 1_000);

    assertThat(ownTables(database)).containsExactly(Map.entry("acme", 1));
    assertThat(count(database, "SELECT count(*) FROM messages_fts_1_docsize")).isEqualTo(6);
    assertThat(count(database, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'kettle'"))
        .as("only globex is left in the shared table").isEqualTo(1);
    try (var connections = ReadConnections.open(database, 1, new SimpleMeterRegistry())) {
      var reader = new MemoryReader(LocalShards.single(database.file(), connections));
      var query = SearchQuery.parse("leaking kettle", SearchQuery.Mode.ANY);

      var acmeHits = reader.search("acme", query, SearchFilter.NONE, 10, 0);
      var globexHits = reader.search("globex", query, SearchFilter.NONE, 10, 0);

      assertThat(acmeHits).hasSize(6).allSatisfy(hit -> {
        assertThat(hit.snippet()).contains("<mark>kettle</mark>");
        assertThat(hit.matchedTerms()).contains("kettle");
      });
      assertThat(globexHits).singleElement().satisfies(hit -> assertThat(hit.conversationId()).isEqualTo("c-9"));
    }
  }

  @Test
  void shouldIndexTheSameContentWhateverTheBatchesAndWhicheverTableHoldsATenant() throws SQLException {
    var history = new ArrayList<MemoryEvent>();
    for (int i = 0; i < 10; i++) {
      history.add(acme.messageAppended("c-" + (i % 3), "m-" + i, Role.USER, "note " + i + " about the kettle"));
      history.add(globex.messageAppended("c-" + (i % 2), "m-" + i, Role.USER, "globex note " + i));
    }
    history.add(acme.messageEdited("c-1", "m-1", "the kettle was fixed"));
    history.add(acme.messageRedacted("c-2", "m-2", "private"));
    history.add(globex.conversationForgotten("c-0", "asked"));

    var oneByOne = project("one-by-one.db", history, 1);
    var allAtOnce = project("all-at-once.db", history, 1_000);
    var sharedOnly = projectWith("shared-only.db", history, new WriterSettings(1_000, Duration.ofHours(1), 10));

    assertThat(ownTables(oneByOne)).isEqualTo(ownTables(allAtOnce)).containsOnlyKeys("acme", "globex");
    assertThat(ownTables(sharedOnly)).isEmpty();
    var checksum = ReadModelChecksum.of(allAtOnce.file());
    assertThat(checksum.ftsMatchesContent()).isTrue();
    assertThat(ReadModelChecksum.of(oneByOne.file()).total()).isEqualTo(checksum.total());
    assertThat(ReadModelChecksum.of(sharedOnly.file()).total()).isEqualTo(checksum.total());
  }

  @Test
  void shouldLeaveNoTraceOfAForgottenWordInTheTableATenantMovedOutOf() throws Exception {
    var history = new ArrayList<MemoryEvent>();
    history.add(acme.messageAppended("c-1", "m-0", Role.USER, "my xylophonist kettle"));
    for (int i = 1; i < 6; i++) {
      history.add(acme.messageAppended("c-2", "m-" + i, Role.USER, "another kettle " + i));
    }
    history.add(acme.conversationForgotten("c-1", "asked"));
    var database = project("forgotten.db", history, 1);

    assertThat(ownTables(database)).containsOnlyKeys("acme");
    try (var files = Files.list(dir)) {
      for (var file : files.filter(f -> f.getFileName().toString().startsWith("forgotten.db")).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
            .doesNotContain("xylophonist");
      }
    }
    assertThat(count(database, "SELECT count(*) FROM messages_fts_config WHERE k = 'secure-delete' AND v = 1")
        + count(database, "SELECT count(*) FROM messages_fts_1_config WHERE k = 'secure-delete' AND v = 1"))
        .as("secure-delete is off again in every table").isZero();
  }

  private SqliteDatabase project(String file, List<MemoryEvent> history, int batchEvents) {
    return projectWith(file, history, new WriterSettings(batchEvents, Duration.ofHours(1), 10, OWN_TABLE_AT));
  }

  private SqliteDatabase projectWith(String file, List<MemoryEvent> history, WriterSettings settings) {
    var database = SqliteDatabase.open(dir.resolve(file));
    try (var writer = ProjectionWriter.open(database, settings, new SimpleMeterRegistry(), Clock.systemUTC())) {
      long offset = 0;
      for (var event : history) {
        writer.apply(event, new Provenance("memlog.events", 0, offset++));
      }
    }
    return database;
  }

  private static Map<String, Integer> ownTables(SqliteDatabase database) throws SQLException {
    var tables = new LinkedHashMap<String, Integer>();
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT tenant, table_no FROM fts_tables ORDER BY table_no")) {
      while (rows.next()) {
        tables.put(rows.getString(1), rows.getInt(2));
      }
    }
    return tables;
  }

  private static long count(SqliteDatabase database, String sql) throws SQLException {
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      return rows.getLong(1);
    }
  }
}
