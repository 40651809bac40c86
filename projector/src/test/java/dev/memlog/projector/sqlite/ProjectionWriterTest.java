package dev.memlog.projector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionWriterTest {

  private static final String TOPIC = "memlog.events";

  @TempDir Path dir;

  private final AtomicInteger ids = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final Events events = new Events("acme", new EventSource("bot", "test"), clock,
      () -> "e-" + ids.incrementAndGet());

  @Test
  void shouldGiveTheSameRowsWhateverOrderAConversationsEventsArriveIn() throws SQLException {
    var history = conversationHistory();
    var expected = project("in-order", history);
    var random = new Random(42);

    for (int run = 0; run < 12; run++) {
      var shuffled = new ArrayList<>(history);
      Collections.shuffle(shuffled, random);

      assertThat(project("shuffled-" + run, shuffled)).as("order %s", shuffled).isEqualTo(expected);
    }
  }

  @Test
  void shouldChangeNothingWhenTheSameEventIsPublishedTwice() throws SQLException {
    var history = conversationHistory();
    var twice = new ArrayList<>(history);
    twice.addAll(history);

    assertThat(project("twice", twice)).isEqualTo(project("once", history));
  }

  @Test
  void shouldLeaveNoForgottenWordInTheFilesWithSecureDeleteOnlyInTheTransactionThatDeletes()
      throws Exception {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    try (var writer = writer(database)) {
      writer.apply(events.conversationStarted("c-1", "kettles"), new Provenance(TOPIC, 0, 0));
      writer.apply(events.messageAppended("c-1", "m-1", Role.USER, "my xylophonist kettle"),
          new Provenance(TOPIC, 0, 1));
      writer.commit();
      var afterInserts = secureDelete(database);

      writer.apply(events.conversationForgotten("c-1", "asked"), new Provenance(TOPIC, 0, 2));
      writer.commit();

      assertThat(afterInserts).isZero();
      assertThat(secureDelete(database)).isZero();
      // while the writer is open: the database file and its write-ahead log alike
      try (var files = java.nio.file.Files.list(dir)) {
        for (var file : files.toList()) {
          assertThat(new String(java.nio.file.Files.readAllBytes(file),
              java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain("xylophonist");
        }
      }
    }
  }

  private static long secureDelete(SqliteDatabase database) throws SQLException {
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT coalesce((SELECT v FROM messages_fts_config"
            + " WHERE k = 'secure-delete'), 0)")) {
      return rows.getLong(1);
    }
  }

  @Test
  void shouldGiveATenantItsRangeOfRowidsAgainWhenTheTransactionThatGaveItRolledBack() throws SQLException {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    try (var connection = database.openWriter(); var statement = connection.createStatement()) {
      statement.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON mentions WHEN NEW.entity_id = 'boom' "
          + "BEGIN SELECT RAISE(ABORT, 'boom'); END");
      connection.commit();
    }
    var initech = new Events("initech", new EventSource("bot", "test"), clock, () -> "e-" + ids.incrementAndGet());
    try (var writer = writer(database)) {
      writer.apply(events.messageAppended("c-1", "m-1", Role.USER, "kettle"), new Provenance(TOPIC, 0, 0));
      writer.commit();
      // initech's first message gives it a range, in a transaction that then fails and rolls back
      writer.apply(initech.messageAppended("c-9", "m-1", Role.USER, "kettle too"), new Provenance(TOPIC, 0, 1));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.apply(
              events.entityMentioned("c-1", "m-1", "boom"), new Provenance(TOPIC, 0, 2)))
          .isInstanceOf(SqliteException.class);

      writer.apply(initech.messageAppended("c-9", "m-1", Role.USER, "kettle too"), new Provenance(TOPIC, 0, 1));
      writer.commit();
    }

    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT m.tenant, r.ordinal, m.id >> 32 FROM messages m "
            + "LEFT JOIN tenant_ranges r ON r.tenant = m.tenant ORDER BY m.id")) {
      var found = new ArrayList<String>();
      while (rows.next()) {
        found.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
      }
      assertThat(found).containsExactly("acme 1 1", "initech 2 2");
    }
  }

  @Test
  void shouldRefuseAMessageOfATenantWhoseRangeOfRowidsIsFullRatherThanWriteItIntoTheNextTenantsRange()
      throws SQLException {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    try (var writer = writer(database)) {
      writer.apply(events.messageAppended("c-1", "m-1", Role.USER, "kettle"), new Provenance(TOPIC, 0, 0));
      writer.commit();
    }
    // acme's range (ordinal 1) holds its last rowid
    try (var connection = database.openWriter(); var statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE messages SET id = " + ((1L << 32) + TenantRanges.RANGE_SIZE));
      connection.commit();
    }

    try (var writer = writer(database)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.apply(
              events.messageAppended("c-1", "m-2", Role.USER, "one too many"), new Provenance(TOPIC, 0, 1)))
          .isInstanceOf(SqliteException.class).rootCause().hasMessageContaining("tenant acme has 4294967295 messages");
    }
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT count(*) FROM messages")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void shouldIndexWhatMessagesSayAfterEditsAndRedactionsBothOfRowsIndexedEarlierAndOfRowsNotIndexedYet()
      throws SQLException {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    try (var writer = writer(database)) {
      // m-1 appended and edited before its row was ever indexed
      writer.apply(events.messageAppended("c-1", "m-1", Role.USER, "an old kettle"), new Provenance(TOPIC, 0, 0));
      clock.advance(Duration.ofSeconds(1));
      writer.apply(events.messageEdited("c-1", "m-1", "a new teapot"), new Provenance(TOPIC, 0, 1));
      writer.apply(events.messageAppended("c-1", "m-2", Role.USER, "a second kettle"), new Provenance(TOPIC, 0, 2));
      writer.commit();
      // m-1 and m-2 indexed by now: edited and redacted, among new rows that wait to be indexed
      clock.advance(Duration.ofSeconds(1));
      writer.apply(events.messageAppended("c-1", "m-3", Role.USER, "a third kettle"), new Provenance(TOPIC, 0, 3));
      writer.apply(events.messageEdited("c-1", "m-1", "a fresh mug"), new Provenance(TOPIC, 0, 4));
      writer.apply(events.messageRedacted("c-1", "m-2", "asked"), new Provenance(TOPIC, 0, 5));
      writer.apply(events.messageAppended("c-1", "m-4", Role.USER, "a mug and a kettle"), new Provenance(TOPIC, 0, 6));
      writer.commit();
    }

    assertThat(dev.memlog.projector.audit.ReadModelChecksum.of(database).ftsMatchesContent()).isTrue();
    assertThat(matches(database, "kettle")).containsExactlyInAnyOrder("m-3", "m-4");
    assertThat(matches(database, "mug")).containsExactlyInAnyOrder("m-1", "m-4");
    assertThat(matches(database, "teapot OR old OR second")).isEmpty();
  }

  /**
   * Random histories of three tenants (appends, edits and redactions, before and after their message, and
   * forgotten conversations whose rowids new messages take again), committed at random points: after every commit
   * the index holds exactly what the messages say. Fixed seeds, so a failure names the history that caused it.
   */
  @Test
  void shouldKeepTheIndexMatchingTheContentAfterEveryCommitOfRandomHistories() throws SQLException {
    for (int seed = 0; seed < 8; seed++) {
      var random = new Random(seed);
      var tenants = List.of("t-1", "t-2", "t-3").stream()
          .map(t -> new Events(t, new EventSource("bot", "test"), clock, () -> "e-" + ids.incrementAndGet()))
          .toList();
      var database = SqliteDatabase.open(dir.resolve("random-" + seed + ".db"));
      var history = new ArrayList<String>();
      try (var writer = writer(database)) {
        for (int offset = 0; offset < 600; offset++) {
          clock.advance(Duration.ofMillis(1 + random.nextInt(3)));
          var tenant = tenants.get(random.nextInt(tenants.size()));
          var event = randomEvent(tenant, random);
          if (event == null) {
            writer.commit();
            history.add("commit");
            assertThat(dev.memlog.projector.audit.ReadModelChecksum.of(database).ftsMatchesContent())
                .as("seed %d: %s", seed, history).isTrue();
          } else {
            history.add(event.type() + " " + event.key());
            writer.apply(event, new Provenance(TOPIC, 0, offset));
          }
        }
      }
      var checksum = dev.memlog.projector.audit.ReadModelChecksum.of(database);
      assertThat(checksum.ftsMatchesContent()).as("seed %d: %s", seed, history).isTrue();
      assertThat(checksum.rows()).as("seed %d", seed).containsKey("messages");
      assertThat(checksum.rows().get("messages")).as("seed %d", seed).isGreaterThan(100);
    }
  }

  @Test
  void shouldMergeTheIndexIntoOneSegmentWithoutChangingWhatItFindsOrHowItRanks() throws SQLException {
    var random = new Random(7);
    var database = SqliteDatabase.open(dir.resolve("merge.db"));
    try (var writer = writer(database)) {
      for (int offset = 0; offset < 800; offset++) {
        clock.advance(Duration.ofMillis(1));
        var event = randomEvent(events, random);
        if (event == null) {
          writer.commit();
        } else {
          writer.apply(event, new Provenance(TOPIC, 0, offset));
        }
      }
      writer.apply(events.messageAppended("c-new", "m-1", Role.USER, "a spoon"), new Provenance(TOPIC, 0, 800));
      boolean busy = writer.mergeIndex(1);
      var segmentsWhileBusy = segments(database);
      writer.commit();
      var segments = segments(database);
      var ranked = ranked(database, "kettle OR teapot OR sugar");

      var steps = 1;
      while (writer.mergeIndex(1)) {
        steps++;
      }

      assertThat(busy).isTrue();
      assertThat(segmentsWhileBusy).isGreaterThan(1);
      assertThat(segments).isGreaterThan(1);
      assertThat(steps).isLessThan(1_000);
      assertThat(segments(database)).isEqualTo(1);
      assertThat(ranked(database, "kettle OR teapot OR sugar")).isEqualTo(ranked).isNotEmpty();
      assertThat(matches(database, "spoon")).contains("m-1");
      assertThat(dev.memlog.projector.audit.ReadModelChecksum.of(database).ftsMatchesContent()).isTrue();
      assertThat(writer.mergeIndex(1)).isFalse();
    }
  }

  private static long segments(SqliteDatabase database) throws SQLException {
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT count(DISTINCT segid) FROM messages_fts_idx")) {
      return rows.getLong(1);
    }
  }

  /** Each match's rowid and bm25, in rowid order. */
  private static List<String> ranked(SqliteDatabase database, String query) throws SQLException {
    try (var connection = database.openReader();
        var statement = connection.prepareStatement("SELECT rowid, bm25(messages_fts) FROM messages_fts "
            + "WHERE messages_fts MATCH ? ORDER BY rowid")) {
      statement.setString(1, query);
      var found = new ArrayList<String>();
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getLong(1) + " " + rows.getDouble(2));
        }
      }
      return found;
    }
  }

  /** An event of a random kind on a random message, or null for a commit. */
  private static MemoryEvent randomEvent(Events events, Random random) {
    var conversation = "c-" + random.nextInt(30);
    var message = "m-" + random.nextInt(20);
    int kind = random.nextInt(100);
    if (kind < 55) {
      return events.messageAppended(conversation, message, Role.USER, randomText(random));
    } else if (kind < 78) {
      return events.messageEdited(conversation, message, randomText(random));
    } else if (kind < 88) {
      return events.messageRedacted(conversation, message, "asked");
    } else if (kind < 90) {
      return events.conversationForgotten(conversation, "asked");
    }
    return null;
  }

  private static String randomText(Random random) {
    String[] words = {"kettle", "teapot", "blue", "red", "mug", "order", "arrived", "never", "late", "card",
        "street", "green", "cup", "spoon", "sugar", "milk", "tea", "coffee", "water", "lid"};
    var text = new StringBuilder();
    for (int i = random.nextInt(12); i >= 0; i--) {
      text.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? random.nextInt(50) : "")
          .append(' ');
    }
    return text.toString().trim();
  }

  private static List<String> matches(SqliteDatabase database, String query) throws SQLException {
    try (var connection = database.openReader();
        var statement = connection.prepareStatement("SELECT m.message_id FROM messages_fts "
            + "JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?")) {
      statement.setString(1, query);
      var found = new ArrayList<String>();
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      return found;
    }
  }

  @Test
  void shouldCommitALiveBatchOnceItIsLiveBatchAgeOldAndAnotherOnceItIsMaxBatchAgeOld() {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    var live = WriterSettings.DEFAULTS.liveBatchAge();
    try (var writer = writer(database)) {
      // a live writer: the first event of a batch starts its clock, a check before liveBatchAge leaves it open
      writer.live(true);
      writer.apply(events.messageAppended("c-1", "m-1", Role.USER, "hello"), new Provenance(TOPIC, 0, 0));
      clock.advance(live.minusMillis(1));
      writer.commitIfDue();
      assertThat(writer.appliedOffsets()).isEmpty();

      // once it is liveBatchAge old, the check commits it
      clock.advance(Duration.ofMillis(1));
      writer.commitIfDue();
      assertThat(lastOffset(writer)).isEqualTo(0);

      // and so does the next event that comes to a batch that old
      writer.apply(events.messageAppended("c-1", "m-2", Role.USER, "again"), new Provenance(TOPIC, 0, 1));
      clock.advance(live);
      writer.apply(events.messageAppended("c-1", "m-3", Role.USER, "and again"), new Provenance(TOPIC, 0, 2));
      assertThat(lastOffset(writer)).isEqualTo(2);

      // not live (catching up, restoring): the batch stays open until maxBatchAge
      writer.live(false);
      writer.apply(events.messageAppended("c-1", "m-4", Role.USER, "late"), new Provenance(TOPIC, 0, 3));
      clock.advance(WriterSettings.DEFAULTS.maxBatchAge().minusMillis(1));
      writer.commitIfDue();
      assertThat(lastOffset(writer)).isEqualTo(2);
      clock.advance(Duration.ofMillis(1));
      writer.commitIfDue();
      assertThat(lastOffset(writer)).isEqualTo(3);
    }
  }

  private static long lastOffset(ProjectionWriter writer) {
    return writer.appliedOffsets().values().iterator().next().lastOffset();
  }

  @Test
  void shouldNotApplyARecordWhoseOffsetIsAlreadyCommitted() throws SQLException {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    var message = events.messageAppended("c-1", "m-1", Role.USER, "hello");
    try (var writer = writer(database)) {
      writer.apply(message, new Provenance(TOPIC, 0, 7));
    }

    try (var writer = writer(database)) {
      writer.apply(events.messageAppended("c-1", "m-2", Role.USER, "second"), new Provenance(TOPIC, 0, 7));
      writer.commit();

      assertThat(writer.summary("acme", "c-1")).hasValueSatisfying(s -> assertThat(s.messageCount()).isEqualTo(1));
      assertThat(writer.appliedOffsets().values()).singleElement()
          .satisfies(o -> assertThat(o.lastOffset()).isEqualTo(7));
    }
  }

  @Test
  void shouldKeepTheLatestMessagesNewestFirstInTheSummary() {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    var settings = new WriterSettings(100, Duration.ofMinutes(1), Duration.ofMinutes(1), 2);
    try (var writer = ProjectionWriter.open(database, settings, new SimpleMeterRegistry(), clock)) {
      long offset = 0;
      writer.apply(events.conversationStarted("c-1", "Kettle"), new Provenance(TOPIC, 0, offset++));
      for (var text : List.of("one", "two", "three")) {
        clock.advance(Duration.ofSeconds(1));
        writer.apply(events.messageAppended("c-1", text, Role.USER, text), new Provenance(TOPIC, 0, offset++));
      }

      var summary = writer.summary("acme", "c-1").orElseThrow();

      assertThat(summary.title()).isEqualTo("Kettle");
      assertThat(summary.messageCount()).isEqualTo(3);
      assertThat(summary.latestMessages()).extracting(m -> m.content()).containsExactly("three", "two");
    }
  }

  @Test
  void shouldRecomputeTheViewsOfAStartingTaskASliceAtATimeAndDropTheOnesSqliteNeverHeld() {
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(), clock)) {
      long offset = 0;
      for (var id : List.of("c-1", "c-2", "c-3")) {
        writer.apply(events.conversationStarted(id, "About " + id), new Provenance(TOPIC, 0, offset++));
      }
      writer.apply(events.entityUpserted("kettle-1", "product", "Red kettle", Map.of()),
          new Provenance(TOPIC, 0, offset++));
      writer.commit();
      var partition = new TopicPartition(TOPIC, 0);
      var store = new HashMap<EventKey, Object>();
      store.put(EventKey.conversation("acme", "ghost"), "a view SQLite never committed");
      ViewStore views = new ViewStore() {
        @Override
        public void write(EventKey key, Optional<?> view) {
          store.put(key, view.orElseThrow());
        }

        @Override
        public void retainOnly(Set<EventKey> keys) {
          store.keySet().retainAll(keys);
        }
      };

      writer.attachViews(partition, views);

      assertThat(store).as("the view SQLite does not hold is gone at once, the others are still to come").isEmpty();
      assertThat(writer.warmViews(partition, Duration.ZERO)).isEqualTo(3);
      assertThat(store).hasSize(1);
      assertThat(writer.warmViews(partition, Duration.ZERO)).isEqualTo(2);
      assertThat(writer.warmViews(partition, Duration.ofMinutes(1))).isZero();
      assertThat(store).hasSize(4).containsKey(EventKey.entity("acme", "kettle-1"));
      assertThat(store.get(EventKey.conversation("acme", "c-2")))
          .isEqualTo(writer.summary("acme", "c-2").orElseThrow());
      assertThat(writer.warmViews(partition, Duration.ZERO)).as("nothing left to recompute").isZero();
    }
  }

  @Test
  void shouldRemoveEveryTraceOfAForgottenConversationFromTheIndex() throws SQLException {
    var history = new ArrayList<>(conversationHistory());
    history.add(events.conversationForgotten("c-1", "asked"));
    history.add(events.messageAppended("c-1", "m-late", Role.USER, "kettle arrived late"));

    var rows = project("forgotten", history);

    assertThat(rows).containsEntry("messages", List.of()).containsEntry("conversations", List.of())
        .containsEntry("fts:kettle", List.of()).containsEntry("mentions", List.of())
        .containsEntry("versions", List.of());
  }

  private List<MemoryEvent> conversationHistory() {
    var list = new ArrayList<MemoryEvent>();
    list.add(events.conversationStarted("c-1", "Lost kettle"));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.messageAppended("c-1", "m-1", Role.USER, "My kettle never arrived"));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.messageAppended("c-1", "m-2", Role.ASSISTANT, "Sorry, let me check the kettle order"));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.messageEdited("c-1", "m-1", "My blue kettle never arrived"));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.messageEdited("c-1", "m-1", "My red kettle never arrived"));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.messageAppended("c-1", "m-3", Role.USER, "My address is 1 Secret Street"));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.messageRedacted("c-1", "m-3", "address"));
    list.add(events.entityMentioned("c-1", "m-1", "kettle-1"));
    list.add(events.entityUpserted("kettle-1", "product", "Red kettle", Map.of("colour", "red")));
    clock.advance(Duration.ofSeconds(1));
    list.add(events.entityUpserted("kettle-1", "product", "Red kettle 2L", Map.of("colour", "red")));
    list.add(events.relationAsserted("customer-1", "ordered", "kettle-1", 0.8));
    return list;
  }

  private Map<String, List<List<Object>>> project(String name, List<MemoryEvent> history) throws SQLException {
    var database = SqliteDatabase.open(dir.resolve(name + ".db"));
    try (var writer = writer(database)) {
      long offset = 0;
      for (var event : history) {
        writer.apply(event, new Provenance(TOPIC, 0, offset++));
      }
    }
    return ReadModelRows.of(database);
  }

  private ProjectionWriter writer(SqliteDatabase database) {
    return ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(), clock);
  }
}
