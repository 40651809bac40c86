package dev.memlog.projector.stream;

import dev.memlog.projector.read.StoreNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.KeysUnavailableException;
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
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
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
  private static final TopicPartition PARTITION = new TopicPartition(EVENTS, 0);
  private MemoryKeys keys = new MemoryKeys();
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
    return shared(shards, keys);
  }

  private static ShardContext shared(LocalShards shards, SubjectKeys keys) {
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

  @Test
  void shouldRestoreRecordsWithTheKeysOfTheMomentEachIsFoldedAsProcessingDoes() {
    sealWritesAfterTheForgetting();
    var forProcessing = keys.withEveryKeyEverWritten();
    var forRestoring = keys.withEveryKeyEverWritten();

    keys = forProcessing;
    var processed = replay("processed");
    var restored = restore("restored", forRestoring, records());

    // one by one, m-3 opens and is shredded as written after the forgetting; m-4 then no longer opens
    assertThat(forProcessing.shredCalls).isEqualTo(2);
    assertThat(forRestoring.shredCalls).isEqualTo(forProcessing.shredCalls);
    assertThat(ReadModelChecksum.of(restored)).isEqualTo(ReadModelChecksum.of(processed));
  }

  @Test
  void shouldProcessTheRecordsOfATaskThatIsBehindWithTheKeysOfTheMomentEachIsFolded() {
    sealWritesAfterTheForgetting();
    var forLive = keys.withEveryKeyEverWritten();
    var forBehind = keys.withEveryKeyEverWritten();

    keys = forLive;
    var live = replay("live");
    keys = forBehind;
    var behind = replay("behind", true);

    // held and folded together, m-3 is still folded before m-4 is decoded: m-4 no longer opens
    assertThat(forLive.shredCalls).isEqualTo(2);
    assertThat(forBehind.shredCalls).isEqualTo(forLive.shredCalls);
    assertThat(ReadModelChecksum.of(behind)).isEqualTo(ReadModelChecksum.of(live));
  }

  @Test
  void shouldFoldEveryRecordBeforeOneWhoseKeysAreUnavailableWhenRestoring() throws SQLException {
    seal(events.messageAppended("c-1", "m-1", Role.USER, "first"));
    seal(events.messageAppended("c-1", "m-2", Role.USER, "second"));
    seal(events.messageAppended("c-2", "m-3", Role.USER, "not yet"));
    seal(events.messageAppended("c-1", "m-4", Role.USER, "after"));
    var restoring = keys.withEveryKeyEverWritten();
    restoring.unavailable.add("acme/conversation/c-2");
    var shard = shard("unavailable", restoring);

    assertThatThrownBy(() -> shard.restoreAll(records()))
        .isInstanceOf(KeysUnavailableException.class);
    // a task that fails commits its batch when it closes
    shard.commit(Map.of());
    var applied = shard.committedOffset(PARTITION);
    shard.close();

    assertThat(applied).isEqualTo(1L);
    assertThat(count(SqliteDatabase.open(shardFile("unavailable")), "SELECT count(*) FROM messages")).isEqualTo(2);
  }

  /**
   * A conversation forgotten, then written to by a client that kept writing with a key it created since, beside
   * another conversation.
   */
  private void sealWritesAfterTheForgetting() {
    seal(events.messageAppended("c-1", "m-1", Role.USER, "my quixotic kettle"));
    seal(events.messageAppended("c-2", "m-2", Role.USER, "kept"));
    seal(events.conversationForgotten("c-1", "asked"));
    keys.shred("acme/conversation/c-1");
    seal(events.messageAppended("c-1", "m-3", Role.USER, "quixotic again"));
    seal(events.messageAppended("c-1", "m-4", Role.USER, "quixotic once more"));
    seal(events.messageAppended("c-2", "m-5", Role.USER, "kept too"));
  }

  /** The log as the records a restore is handed. */
  private List<KeyValue<byte[], byte[]>> records() {
    return log.stream().map(r -> KeyValue.pair(r[0], r[1])).toList();
  }

  private Path shardFile(String name) {
    return ReadModelShard.directory(dir.resolve(name)).resolve(ReadModelShard.FILE);
  }

  /** A shard of partition 0 opened as Kafka Streams opens a store, restored from {@code records}, committed. */
  private SqliteDatabase restore(String name, SubjectKeys with, List<KeyValue<byte[], byte[]>> records) {
    var shard = shard(name, with);
    shard.restoreAll(records);
    shard.commit(Map.of(PARTITION, (long) records.size() - 1));
    shard.close();
    return SqliteDatabase.open(shardFile(name));
  }

  private ReadModelShard shard(String name, SubjectKeys with) {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sealed-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    var context = new MockProcessorContext<>(props, new TaskId(0, 0), dir.resolve(name).toFile());
    var shard = new ReadModelShard(shared(new LocalShards(1), with));
    shard.init(context.getStateStoreContext(), shard);
    return shard;
  }

  private final List<String> deadReasons = new ArrayList<>();

  private void seal(MemoryEvent event) {
    log.add(new byte[][] {event.key().bytes(), codec.encode(event, keys::keyOf)});
  }

  /** Projects the whole log into a fresh read model, as a rebuild does, and returns it. */
  private SqliteDatabase replay(String name) {
    return replay(name, false);
  }

  /**
   * Projects the whole log into a fresh read model and returns it; {@code behind}, its records were written well
   * before they are processed, so the task holds them and folds them a run at a time.
   */
  private SqliteDatabase replay(String name, boolean behind) {
    var shards = new LocalShards(1);
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sealed-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams-" + name).toString());
    java.nio.file.Path file;
    try (var driver = new TopologyTestDriver(ProjectorTopology.build(shared(shards)), props)) {
      var input = driver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
      var written = Instant.now().minus(ProjectProcessor.BEHIND.multipliedBy(10));
      log.forEach(record -> input.pipeInput(record[0], record[1], behind ? written : Instant.now()));
      driver.advanceWallClockTime(WriterSettings.DEFAULTS.liveBatchAge());
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
    /** Every key written, shredded or not; and those written after their subject's keys were shredded. */
    final Map<String, DataKey> written = new java.util.HashMap<>();
    final Map<String, DataKey> writtenAfterShredding = new java.util.HashMap<>();
    /** Subjects whose keys cannot be told now: the keys topic could not be read far enough. */
    final java.util.Set<String> unavailable = new java.util.HashSet<>();
    int shredCalls;

    DataKey keyOf(String subject) {
      var existing = keys.values().stream().filter(k -> k.subject().equals(subject)).findFirst();
      return existing.orElseGet(() -> {
        var key = DataKey.generate(subject);
        keys.put(key.recordKey(), key);
        written.put(key.recordKey(), key);
        if (shredded.contains(subject)) {
          writtenAfterShredding.put(key.recordKey(), key);
        }
        return key;
      });
    }

    /**
     * Another vault reading the keys this one has written, in the order of the keys topic, before the log is
     * projected: a key written after its subject's keys were shredded comes after their tombstones, so it is read
     * once that vault has shredded the subject too.
     */
    MemoryKeys withEveryKeyEverWritten() {
      var copy = new MemoryKeys();
      written.forEach((recordKey, key) -> (writtenAfterShredding.containsKey(recordKey) ? copy.notReadYet : copy.keys)
          .put(recordKey, key));
      copy.written.putAll(written);
      return copy;
    }

    /** Keys behind tombstones this vault has not written yet. */
    final Map<String, DataKey> notReadYet = new java.util.HashMap<>();

    /** Record keys tombstoned, as long as the keys topic still holds their tombstones. */
    final java.util.Set<String> tombstoned = new java.util.HashSet<>();

    /** What compaction does once {@code delete.retention.ms} has passed. */
    void forgetTombstones() {
      tombstoned.clear();
    }

    @Override
    public Optional<DataKey> find(String subject, String keyId) {
      if (unavailable.contains(subject)) {
        throw new KeysUnavailableException("the keys of " + subject + " cannot be read now", null);
      }
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
      shredCalls++;
      keys.values().stream().filter(k -> k.subject().equals(subject)).forEach(k -> tombstoned.add(k.recordKey()));
      var gone = keys.values().removeIf(k -> k.subject().equals(subject));
      if (gone) {
        shredded.add(subject);
      }
      notReadYet.values().removeIf(k -> k.subject().equals(subject) && keys.put(k.recordKey(), k) == null);
      return gone ? 1 : 0;
    }
  }
}
