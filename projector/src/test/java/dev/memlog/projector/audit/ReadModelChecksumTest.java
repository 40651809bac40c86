package dev.memlog.projector.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.SqliteException;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadModelChecksumTest {

  private static final String TOPIC = "memlog.events";

  @TempDir Path dir;

  private final AtomicInteger ids = new AtomicInteger();
  private final Events events = new Events("acme", new EventSource("bot", "test"),
      Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
      () -> String.format(java.util.Locale.ROOT, "e-%04d", ids.incrementAndGet()));

  @Test
  void shouldGiveEqualChecksumsForTwoProjectionsOfTheSameEventsInAnyOrderWithDuplicates() {
    var history = history();
    var shuffled = new ArrayList<>(history);
    shuffled.addAll(history.subList(0, 6));
    Collections.shuffle(shuffled, new Random(7));

    var inOrder = project("in-order", history, 0);
    var reordered = project("reordered", shuffled, 1_000);

    assertThat(reordered.total()).isEqualTo(inOrder.total());
    assertThat(reordered.partitions()).isEqualTo(inOrder.partitions());
    assertThat(reordered.rows()).isEqualTo(inOrder.rows());
    assertThat(reordered.appliedOffsets()).isNotEqualTo(inOrder.appliedOffsets());
    assertThat(inOrder.partitions()).hasSize(2);
    assertThat(inOrder.ftsMatchesContent()).isTrue();
    assertThat(inOrder.rows()).containsEntry("messages", 4L).containsEntry("relations", 1L);
    assertThat(inOrder.rows().get("fts_tokens")).isPositive();
  }

  @Test
  void shouldTellTheProgressFileByFileAndStopWhenInterrupted() {
    var first = projectInto("first", history(), 0).file();
    var second = projectInto("second", history(), 0).file();
    var done = new ArrayList<Path>();

    var checksum = ReadModelChecksum.of(List.of(first, second), (file, rows) -> {
      assertThat(rows).isPositive();
      done.add(file);
    });
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> ReadModelChecksum.of(List.of(first)))
          .isInstanceOf(java.util.concurrent.CancellationException.class);
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
    }

    assertThat(done).containsExactly(first, second);
    assertThat(checksum.rows().get("messages")).isEqualTo(8L);
  }

  @Test
  void shouldChangeTheChecksumOfOnlyTheRowsPartitionWhenARowChanges() throws SQLException {
    var database = projectInto("changed", history(), 0);
    var before = ReadModelChecksum.of(database);

    execute(database, "UPDATE entities SET name = 'Blue kettle' WHERE entity_id = 'kettle-1'");
    var after = ReadModelChecksum.of(database);

    assertThat(after.total()).isNotEqualTo(before.total());
    assertThat(after.partitions().get(entityPartition())).isNotEqualTo(before.partitions().get(entityPartition()));
    assertThat(after.partitions().get(conversationPartition()))
        .isEqualTo(before.partitions().get(conversationPartition()));
  }

  @Test
  void shouldChangeTheChecksumWhenAMessageIsRedacted() {
    var history = history();
    var before = project("before", history, 0);
    var redacted = new ArrayList<>(history);
    redacted.add(events.messageRedacted("c-1", "m-1", "card number"));

    var after = project("after", redacted, 0);

    assertThat(after.total()).isNotEqualTo(before.total());
    assertThat(after.ftsMatchesContent()).isTrue();
    assertThat(after.rows().get("fts_tokens")).isLessThan(before.rows().get("fts_tokens"));
  }

  @Test
  void shouldNoticeAnIndexThatNoLongerMatchesTheContent() throws SQLException {
    var database = projectInto("drift", history(), 0);
    var before = ReadModelChecksum.of(database);

    // the message keeps its content, but its tokens leave the index
    execute(database, "INSERT INTO messages_fts (messages_fts, rowid, content) "
        + "SELECT 'delete', id, content FROM messages WHERE message_id = 'm-2'");
    var after = ReadModelChecksum.of(database);

    assertThat(after.ftsMatchesContent()).isFalse();
    assertThat(after.ftsMismatchedPartitions()).containsExactly(conversationPartition());
    assertThat(after.total()).isNotEqualTo(before.total());
  }

  @Test
  void shouldRefuseAFileThatIsNotThere() {
    assertThatThrownBy(() -> ReadModelChecksum.of(dir.resolve("absent.db"))).isInstanceOf(SqliteException.class);
    assertThat(dir.resolve("absent.db")).doesNotExist();
  }

  /** Conversation events on one partition, entity events on another, as the topic would place them. */
  private List<MemoryEvent> history() {
    var list = new ArrayList<MemoryEvent>();
    list.add(events.conversationStarted("c-1", "Lost kettle"));
    list.add(events.messageAppended("c-1", "m-1", Role.USER, "My card is 4111 and my kettle never came"));
    list.add(events.messageAppended("c-1", "m-2", Role.ASSISTANT, "Sorry, let me check the kettle order"));
    list.add(events.messageEdited("c-1", "m-2", "Sorry, let me check the red kettle order"));
    list.add(events.messageEdited("c-1", "m-9", "an edit that waits for its message"));
    list.add(events.messageAppended("c-1", "m-3", Role.USER, "thanks"));
    list.add(events.entityMentioned("c-1", "m-1", "kettle-1"));
    list.add(events.entityUpserted("kettle-1", "product", "Red kettle", Map.of("colour", "red")));
    list.add(events.entityUpserted("kettle-1", "product", "Red kettle 2L", Map.of("colour", "red")));
    list.add(events.relationAsserted("kettle-1", "sold-by", "shop-1", 0.8));
    list.add(events.entityForgotten("old-1", "asked"));
    list.add(events.conversationStarted("c-2", "Forgotten"));
    list.add(events.conversationForgotten("c-2", "asked"));
    return list;
  }

  private int conversationPartition() {
    return 0;
  }

  private int entityPartition() {
    return 1;
  }

  private Checksum project(String name, List<MemoryEvent> history, long firstOffset) {
    return ReadModelChecksum.of(projectInto(name, history, firstOffset));
  }

  /** Projects conversation events from partition 0 and entity events from partition 1. */
  private SqliteDatabase projectInto(String name, List<MemoryEvent> history, long firstOffset) {
    var database = SqliteDatabase.open(dir.resolve(name + ".db"));
    try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(),
        Clock.systemUTC())) {
      long[] offsets = {firstOffset, firstOffset};
      for (var event : history) {
        int partition = event.key().kind() == dev.memlog.ingest.event.EventKey.Kind.CONVERSATION ? 0 : 1;
        writer.apply(event, new Provenance(TOPIC, partition, offsets[partition]++));
      }
    }
    return database;
  }

  private static void execute(SqliteDatabase database, String sql) throws SQLException {
    try (var connection = database.openWriter(); var statement = connection.createStatement()) {
      statement.executeUpdate(sql);
      connection.commit();
    }
  }
}
