package dev.memlog.projector.stream;

import dev.memlog.projector.read.StoreNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.read.HotStoreReader;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projector opens sealed events with their subject's key, and forgets their content once the key is gone. */
class SealedEventsTopologyTest {

  private static final String EVENTS = "memlog.events";
  private static final String DEAD = "memlog.dead-letters";

  @TempDir Path dir;

  private final EventCodec codec = new EventCodec();
  private final Events events = Events.forTenant("acme", new EventSource("bot", "test"));
  private final MemoryKeys keys = new MemoryKeys();
  private final List<byte[][]> log = new ArrayList<>();

  @Test
  void shouldProjectSealedContentAndShredItsKeyWhenTheConversationIsForgotten() throws SQLException {
    seal(events.conversationStarted("c-1", "Lost kettle"));
    seal(events.messageAppended("c-1", "m-1", Role.USER, "my quixotic kettle"));
    var beforeForget = replay("live-before");
    assertThat(count(beforeForget, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'quixotic'"))
        .isEqualTo(1);

    seal(events.conversationForgotten("c-1", "asked"));
    var live = replay("live");

    assertThat(keys.shredded).containsExactly("acme/conversation/c-1");
    assertThat(keys.keys).isEmpty();
    assertThat(count(live, "SELECT count(*) FROM messages")).isZero();
  }

  @Test
  void shouldSealTheViewsThatKafkaStreamsCopiesToItsChangelogs() {
    seal(events.conversationStarted("c-1", "Lost kettle"));
    seal(events.messageAppended("c-1", "m-1", Role.USER, "my quixotic kettle"));
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sealed-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams-views").toString());
    try (var driver = new TopologyTestDriver(ProjectorTopology.build(shared(new LocalShards(1))), props)) {
      var input = driver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
      log.forEach(record -> input.pipeInput(record[0], record[1]));
      KeyValueStore<String, byte[]> summaries = driver.getKeyValueStore(StoreNames.CONVERSATION_SUMMARIES);
      var reader = new HotStoreReader(driver::getKeyValueStore, new SealedViews(keys), new SimpleMeterRegistry());

      var stored = new String(summaries.get("acme/conversation/c-1"), StandardCharsets.ISO_8859_1);
      var read = reader.summary("acme", "c-1");
      keys.shred("acme/conversation/c-1");

      assertThat(stored).doesNotContain("quixotic", "Lost kettle");
      assertThat(read).hasValueSatisfying(summary -> assertThat(summary.latestMessages())
          .singleElement().satisfies(m -> assertThat(m.content()).isEqualTo("my quixotic kettle")));
      assertThat(reader.summary("acme", "c-1")).isEmpty();
    }
  }

  private ShardContext shared(LocalShards shards) {
    return new ShardContext(new ProjectorSettings(EVENTS, 1, DEAD, 4096), WriterSettings.DEFAULTS, keys, shards,
        new SimpleMeterRegistry(), Clock.systemUTC());
  }

  @Test
  void shouldRebuildTheSameReadModelAfterTheKeyWasShredded() {
    seal(events.messageAppended("c-1", "m-1", Role.USER, "my quixotic kettle"));
    seal(events.messageEdited("c-1", "m-1", "my quixotic red kettle"));
    seal(events.entityUpserted("p-1", "person", "Ada", Map.of("email", "ada@example.org")));
    seal(events.messageAppended("c-2", "m-2", Role.USER, "kept"));
    seal(events.conversationForgotten("c-1", "asked"));
    seal(events.entityForgotten("p-1", "asked"));
    var live = replay("live");
    assertThat(keys.keys.keySet()).singleElement().asString().startsWith("acme/conversation/c-2/");

    var rebuilt = replay("rebuilt");

    assertThat(ReadModelChecksum.of(rebuilt)).isEqualTo(ReadModelChecksum.of(live));
  }

  @Test
  void shouldShredAKeyCreatedAfterTheForgettingByAWriterThatKeptWriting() {
    seal(events.messageAppended("c-1", "m-1", Role.USER, "before"));
    seal(events.conversationForgotten("c-1", "asked"));
    replay("live");
    seal(events.messageAppended("c-1", "m-2", Role.USER, "too late"));
    assertThat(keys.keys).hasSize(1);

    replay("later");

    assertThat(keys.keys).isEmpty();
  }

  @Test
  void shouldDeadLetterAMessageWhoseKeyWasNeverWrittenOnEveryReplay() throws SQLException {
    var message = events.messageAppended("c-1", "m-1", Role.USER, "orphaned words");
    log.add(new byte[][] {message.key().bytes(), codec.encode(message, DataKey::generate)});

    var first = replay("first");
    var second = replay("second");

    assertThat(count(first, "SELECT count(*) FROM messages")).isZero();
    assertThat(deadReasons).containsExactly("UNKNOWN_KEY", "UNKNOWN_KEY");
    assertThat(ReadModelChecksum.of(second)).isEqualTo(ReadModelChecksum.of(first));
  }

  @Test
  void shouldRebuildTheSameReadModelWhenTheShreddedKeysTombstonesWereCompactedAway() {
    seal(events.messageAppended("c-1", "m-1", Role.USER, "my quixotic kettle"));
    seal(events.conversationStarted("c-1", "Quixotic"));
    seal(events.messageAppended("c-2", "m-2", Role.USER, "kept"));
    seal(events.conversationForgotten("c-1", "asked"));
    var live = replay("live");

    keys.forgetTombstones();
    var rebuilt = replay("rebuilt");

    assertThat(deadReasons).containsExactly("UNKNOWN_KEY", "UNKNOWN_KEY");
    assertThat(ReadModelChecksum.of(rebuilt)).isEqualTo(ReadModelChecksum.of(live));
  }

  @Test
  void shouldDeadLetterASealedRecordThatWasAltered() throws SQLException {
    var message = events.messageAppended("c-1", "m-1", Role.USER, "words");
    var json = new String(codec.encode(message, keys::keyOf), StandardCharsets.UTF_8)
        .replace("\"eventId\":\"" + message.eventId() + "\"", "\"eventId\":\"another\"");
    log.add(new byte[][] {message.key().bytes(), json.getBytes(StandardCharsets.UTF_8)});

    var database = replay("altered");

    assertThat(count(database, "SELECT count(*) FROM messages")).isZero();
    assertThat(deadReasons).containsExactly("BAD_SEAL");
  }

  private final List<String> deadReasons = new ArrayList<>();

  private void seal(MemoryEvent event) {
    log.add(new byte[][] {event.key().bytes(), codec.encode(event, keys::keyOf)});
  }

  /** Projects the whole log into a fresh read model, as a rebuild does, and returns it. */
  private SqliteDatabase replay(String name) {
    var shards = new LocalShards(1);
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sealed-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams-" + name).toString());
    java.nio.file.Path file;
    try (var driver = new TopologyTestDriver(ProjectorTopology.build(shared(shards)), props)) {
      var input = driver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
      log.forEach(record -> input.pipeInput(record[0], record[1]));
      ((ReadModelShard) driver.getStateStore(StoreNames.SQLITE)).writer().commit();
      // TopologyTestDriver deletes its state directory on close: keep a copy of the shard
      file = dir.resolve(name + ".db");
      try (var connection = SqliteDatabase.open(shards.files().get(0)).openReader();
          var statement = connection.createStatement()) {
        statement.execute("VACUUM INTO '" + file + "'");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      var dead = driver.createOutputTopic(DEAD, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      dead.readRecordsToList().forEach(r -> deadReasons.add(new String(
          r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8)));
    }
    return SqliteDatabase.open(file);
  }

  private static long count(SqliteDatabase database, String sql) throws SQLException {
    try (var connection = database.openReader(); var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      return rows.getLong(1);
    }
  }

  /** Keys in memory, as the keys topic would hold them, with the vault's contract for missing ones. */
  private static final class MemoryKeys implements SubjectKeys {
    final ConcurrentSkipListMap<String, DataKey> keys = new ConcurrentSkipListMap<>();
    final List<String> shredded = new ArrayList<>();

    DataKey keyOf(String subject) {
      var existing = keys.values().stream().filter(k -> k.subject().equals(subject)).findFirst();
      return existing.orElseGet(() -> {
        var key = DataKey.generate(subject);
        keys.put(key.recordKey(), key);
        return key;
      });
    }

    /** Record keys tombstoned, as long as the keys topic still holds their tombstones. */
    final java.util.Set<String> tombstoned = new java.util.HashSet<>();

    /** What compaction does once {@code delete.retention.ms} has passed. */
    void forgetTombstones() {
      tombstoned.clear();
    }

    @Override
    public Optional<DataKey> find(String subject, String keyId) {
      var recordKey = DataKey.recordKey(subject, keyId);
      if (keys.containsKey(recordKey) || tombstoned.contains(recordKey)) {
        return Optional.ofNullable(keys.get(recordKey));
      }
      throw new dev.memlog.ingest.event.InvalidEventException(
          dev.memlog.ingest.event.InvalidEventException.Reason.UNKNOWN_KEY, "never written: " + recordKey);
    }

    @Override
    public Optional<DataKey> current(String subject) {
      return keys.values().stream().filter(k -> k.subject().equals(subject)).findFirst();
    }

    @Override
    public int shred(String subject) {
      keys.values().stream().filter(k -> k.subject().equals(subject)).forEach(k -> tombstoned.add(k.recordKey()));
      var gone = keys.values().removeIf(k -> k.subject().equals(subject));
      if (gone) {
        shredded.add(subject);
      }
      return gone ? 1 : 0;
    }
  }
}
