package dev.memlog.projector.stream;

import dev.memlog.projector.read.StoreNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.failure.FailureHandlerDeps;
import dev.memlog.projector.failure.RecordFailureHandler;
import dev.memlog.projector.failure.StuckRecord;
import dev.memlog.projector.failure.StuckRecords;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.TenantRanges;
import dev.memlog.projector.sqlite.WriterSettings;
import dev.memlog.projector.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectorTopologyTest {

  private static final String EVENTS = "memlog.events";
  private static final String DEAD = "memlog.dead-letters";

  @TempDir Path dir;

  private final EventCodec codec = new EventCodec();
  private final Events events = Events.forTenant("acme", new EventSource("bot", "test"));
  private final LocalShards shards = new LocalShards(1);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private Instant wallClock;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void startDriver() {
    startTask();
  }

  private void startTask() {
    startTask(Clock.systemUTC());
  }

  private void startTask(Clock clock) {
    startTask(clock, 4096);
  }

  private void startTask(Clock clock, int maxEventBytes) {
    startTask(clock, maxEventBytes, Map.of());
  }

  private void startTask(Clock clock, int maxEventBytes, Map<String, Object> config) {
    var topology = ProjectorTopology.build(new ShardContext(new ProjectorSettings(EVENTS, 1, DEAD, maxEventBytes),
        WriterSettings.DEFAULTS, SubjectKeys.NONE, shards, meters, clock));
    var props = new Properties();
    props.putAll(config);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "projector-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
    wallClock = Instant.now();
    driver = new TopologyTestDriver(topology, props, wallClock);
    // records piped without a timestamp are written at the driver's wall clock: just now, as a live task's are
    input = driver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), wallClock,
        Duration.ZERO);
    deadLetters = driver.createOutputTopic(DEAD, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Moves Kafka Streams' wall clock, and the time of the records piped from then on with it. */
  private void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
    input.advanceTime(duration);
    wallClock = wallClock.plus(duration);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private ProjectionWriter writer() {
    return ((ReadModelShard) driver.getStateStore(StoreNames.SQLITE)).writer();
  }

  @Test
  void shouldCountDeadLettersOfEveryReasonFromZeroBeforeTheFirst() {
    var reasons = meters.find("memlog.projector.dead.letters").counters().stream()
        .collect(java.util.stream.Collectors.toMap(c -> c.getId().getTag("reason"), c -> c.count()));
    assertThat(reasons).containsEntry("NOT_JSON", 0.0).containsEntry("KEY_MISMATCH", 0.0)
        .containsEntry("PROJECTION_FAILED", 0.0).hasSize(dev.memlog.ingest.event.InvalidEventException.Reason.values().length + 1);

    input.pipeInput("acme/conversation/c-1".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));

    assertThat(meters.get("memlog.projector.dead.letters").tag("reason", "NOT_JSON").counter().count()).isEqualTo(1.0);
  }

  @Test
  void shouldRegisterItsCountersAtZeroWhenBuiltBeforeAnyTaskRuns() {
    var built = new SimpleMeterRegistry();

    ProjectorTopology.build(new ShardContext(new ProjectorSettings(EVENTS, 1, DEAD, 4096), WriterSettings.DEFAULTS,
        SubjectKeys.NONE, new LocalShards(1), built, Clock.systemUTC()));

    assertThat(built.get("memlog.projector.events.rerouted").counter().count()).isZero();
    assertThat(built.get("memlog.projector.events.applied").counter().count()).isZero();
    assertThat(built.get("memlog.projector.events.already.applied").counter().count()).isZero();
    assertThat(built.find("memlog.projector.dead.letters").counters()).hasSize(DeadLetters.reasons().size());
    assertThat(built.get("memlog.projector.event.age").timer().count()).isZero();
  }

  @Test
  void shouldMeasureEventAgeFromTheRecordTimestampNotTheClientsOccurredAt() {
    // Given a projector whose clock reads NOW, and an event a client says happened ten days earlier
    var now = java.time.Instant.parse("2026-12-01T12:00:00Z");
    var ageMeters = new SimpleMeterRegistry();
    var topology = ProjectorTopology.build(new ShardContext(new ProjectorSettings(EVENTS, 1, DEAD, 4096),
        WriterSettings.DEFAULTS, SubjectKeys.NONE, new LocalShards(1), ageMeters,
        Clock.fixed(now, java.time.ZoneOffset.UTC)));
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "event-age-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("age-streams").toString());
    var old = new Events("acme", new EventSource("bot", "test"),
        Clock.fixed(now.minus(java.time.Duration.ofDays(10)), java.time.ZoneOffset.UTC), () -> "e-1");
    var event = old.conversationStarted("c-1", "Lost kettle");
    assertThat(ageMeters.get("memlog.projector.event.age").timer().count()).isZero();

    // When it is projected from a record written to the topic three seconds before NOW
    try (var ageDriver = new TopologyTestDriver(topology, props, now)) {
      ageDriver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput(event.key().bytes(), codec.encode(event), now.minusSeconds(3));
      // a record three seconds old is behind: held, and folded by the next check for due batches
      ageDriver.advanceWallClockTime(WriterSettings.DEFAULTS.liveBatchAge());
    }

    // Then its age is those three seconds
    var age = ageMeters.get("memlog.projector.event.age").timer();
    assertThat(age.count()).isEqualTo(1);
    assertThat(age.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(3_000.0);
  }

  @Test
  void shouldServeAConversationSummaryFromRocksDbOnceItsEventsAreProjected() throws IOException {
    publish(events.conversationStarted("c-1", "Lost kettle"));
    publish(events.messageAppended("c-1", "m-1", Role.USER, "My kettle never arrived"));
    publish(events.messageAppended("c-1", "m-2", Role.ASSISTANT, "Let me check"));

    KeyValueStore<String, byte[]> summaries = driver.getKeyValueStore(StoreNames.CONVERSATION_SUMMARIES);
    JsonNode summary = EventCodec.mapper().readTree(summaries.get("acme/conversation/c-1"));

    assertThat(summary.path("title").asText()).isEqualTo("Lost kettle");
    assertThat(summary.path("messageCount").asLong()).isEqualTo(2);
    assertThat(summary.path("latestMessages").size()).isEqualTo(2);
  }

  @Test
  void shouldServeAnEntityFromRocksDbAndDropItWhenForgotten() {
    publish(events.entityUpserted("kettle-1", "product", "Red kettle", Map.of("colour", "red")));
    KeyValueStore<String, byte[]> entities = driver.getKeyValueStore(StoreNames.ENTITIES);
    assertThat(entities.get("acme/entity/kettle-1")).asString(StandardCharsets.UTF_8).contains("Red kettle");

    publish(events.entityForgotten("kettle-1", "asked"));

    assertThat(entities.get("acme/entity/kettle-1")).isNull();
  }

  @Test
  void shouldRecomputeTheHotViewsFromSqliteWhenTheTaskStartsAgain() throws IOException {
    publish(events.conversationStarted("c-1", "Lost kettle"));
    publish(events.entityUpserted("kettle-1", "product", "Red kettle", Map.of()));
    KeyValueStore<String, byte[]> summaries = driver.getKeyValueStore(StoreNames.CONVERSATION_SUMMARIES);
    KeyValueStore<String, byte[]> entities = driver.getKeyValueStore(StoreNames.ENTITIES);
    // the stores lose a view and gain one SQLite never had (as unflushed RocksDB writes can after a kill -9)
    entities.delete("acme/entity/kettle-1");
    summaries.put("acme/conversation/ghost", "{}".getBytes(StandardCharsets.UTF_8));

    // TopologyTestDriver deletes its state directory on close: keep the shard's files, as a restarted task would
    var shard = shards.files().get(0).getParent();
    var kept = copy(shard, dir.resolve("kept"));
    driver.close();
    copy(kept, shard);
    startTask();
    for (int slice = 0; shards.warmingViews(0) && slice < 1_000; slice++) {
      advance(ProjectProcessor.WARM_EVERY);
    }

    assertThat(shards.warmingViews(0)).as("the views are recomputed").isFalse();
    summaries = driver.getKeyValueStore(StoreNames.CONVERSATION_SUMMARIES);
    entities = driver.getKeyValueStore(StoreNames.ENTITIES);
    assertThat(entities.get("acme/entity/kettle-1")).asString(StandardCharsets.UTF_8).contains("Red kettle");
    assertThat(summaries.get("acme/conversation/c-1")).asString(StandardCharsets.UTF_8).contains("Lost kettle");
    assertThat(summaries.get("acme/conversation/ghost")).isNull();
  }

  @Test
  void shouldDeadLetterABadRecordWithItsReasonAndProjectTheEventsAroundIt() throws SQLException {
    publish(events.messageAppended("c-1", "m-1", Role.USER, "before"));
    input.pipeInput("k".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
    publish(events.messageAppended("c-1", "m-2", Role.USER, "after"));
    writer().commit();

    var dead = deadLetters.readRecord();

    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo("NOT_JSON");
    assertThat(header(dead.headers(), DeadLetters.TOPIC)).isEqualTo(EVENTS);
    assertThat(header(dead.headers(), DeadLetters.OFFSET)).isEqualTo("1");
    assertThat(messageCount()).isEqualTo(2);
    assertThat(writer().appliedOffsets().values()).singleElement()
        .satisfies(o -> assertThat(o.lastOffset()).isEqualTo(2));
  }

  @Test
  void shouldDeadLetterARecordTooLargeToForwardAsAnEnvelopeWithinTheProducersLimit() throws SQLException {
    var huge = ("{\"type\":\"message.appended.v1\",\"content\":\"" + "x".repeat(2_000_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    input.pipeInput("k".getBytes(StandardCharsets.UTF_8), huge);
    publish(events.messageAppended("c-1", "m-1", Role.USER, "after"));
    writer().commit();

    var dead = deadLetters.readRecord();

    assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo("TOO_LARGE");
    assertThat(header(dead.headers(), DeadLetters.OFFSET)).isEqualTo("0");
    assertThat(header(dead.headers(), DeadLetters.ORIGINAL_SIZE)).isEqualTo("" + huge.length);
    assertThat(dead.value().length).isLessThanOrEqualTo(DeadLetters.bound(Map.of()));
    assertThat(huge).startsWith(dead.value());
    assertThat(messageCount()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterARecordWhoseKeyNamesAnotherTenantThanItsBody() throws SQLException {
    var event = events.messageAppended("c-1", "m-1", Role.USER, "for acme");
    input.pipeInput("globex/conversation/c-1".getBytes(StandardCharsets.UTF_8), codec.encode(event));
    publish(events.messageAppended("c-1", "m-2", Role.USER, "after"));
    writer().commit();

    var dead = deadLetters.readRecord();

    assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo("KEY_MISMATCH");
    assertThat(header(dead.headers(), DeadLetters.ERROR)).contains("globex/conversation/c-1");
    assertThat(messageCount()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterABodyWithAFieldWrittenTwice() throws SQLException {
    var event = events.messageAppended("c-1", "m-1", Role.USER, "twice");
    var json = new String(codec.encode(event), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{\"tenant\":\"globex\",");
    input.pipeInput(event.key().bytes(), json.getBytes(StandardCharsets.UTF_8));
    writer().commit();

    var dead = deadLetters.readRecord();

    assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo("NOT_JSON");
    assertThat(header(dead.headers(), DeadLetters.ERROR)).containsIgnoringCase("duplicate field");
    assertThat(messageCount()).isZero();
  }

  @Test
  void shouldDeadLetterTextWithALoneSurrogateInsteadOfStoringAQuestionMark() throws SQLException {
    var event = events.messageAppended("c-1", "m-1", Role.USER, "LONE");
    var json = new String(codec.encode(event), StandardCharsets.UTF_8).replace("LONE", "half \\ud800 a pair");
    input.pipeInput(event.key().bytes(), json.getBytes(StandardCharsets.UTF_8));
    writer().commit();

    var dead = deadLetters.readRecord();

    assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo("SCHEMA_VIOLATION");
    assertThat(header(dead.headers(), DeadLetters.ERROR)).contains("$.content").contains("lone UTF-16 surrogate");
    assertThat(messageCount()).isZero();
  }

  @Test
  void shouldCommitSqliteWhenStreamsCommits() throws SQLException {
    publish(events.messageAppended("c-1", "m-1", Role.USER, "hello"));

    advance(Duration.ofSeconds(60));

    assertThat(messageCount()).isEqualTo(1);
  }

  @Test
  void shouldCommitAtOnceARecordWrittenJustNowButTheBatchOfATaskBehindOnlyOnceItIsAsOldAsABatchMayBe()
      throws SQLException {
    // Given a task whose shard's clock the test moves, and a record written ten seconds before it is processed
    driver.close();
    var clock = new MutableClock(Instant.now());
    startTask(clock);
    var late = events.messageAppended("c-1", "m-1", Role.USER, "kettle");
    input.pipeInput(late.key().bytes(), codec.encode(late), wallClock.minusSeconds(10));

    // Then Kafka Streams' commit after it leaves its batch open
    assertThat(messageCount()).isZero();

    // nor does the task's check for due batches, which folds the record the task held (it is behind)
    advance(WriterSettings.DEFAULTS.liveBatchAge());
    assertThat(messageCount()).isZero();

    // When the batch is as old as a batch may be and the task's check for such batches runs
    clock.advance(WriterSettings.DEFAULTS.maxBatchAge());
    advance(WriterSettings.DEFAULTS.liveBatchAge());

    // Then it is committed
    assertThat(messageCount()).isEqualTo(1);

    // And a record written just now is committed with Kafka Streams' commit after it
    publish(events.messageAppended("c-1", "m-2", Role.ASSISTANT, "on the shelf"));
    assertThat(messageCount()).isEqualTo(2);
  }

  @Test
  void shouldHoldTheRecordsOfATaskThatIsBehindAndCountNoneHandledUntilTheyAreFoldedInOrder() throws SQLException {
    // Given records written ten seconds before they are processed, the second one not an event
    var written = wallClock.minusSeconds(10);
    var first = events.messageAppended("c-1", "m-1", Role.USER, "kettle");
    var third = events.messageAppended("c-2", "m-2", Role.USER, "shelf");
    input.pipeInput(first.key().bytes(), codec.encode(first), written);
    input.pipeInput("k".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8), written);
    input.pipeInput(third.key().bytes(), codec.encode(third), written);

    // When Kafka Streams commits after each of them and the writer commits its batch
    writer().commit();

    // Then the dead letter is sent, but no offset is counted handled while the records before it are held
    assertThat(header(deadLetters.readRecord().headers(), DeadLetters.OFFSET)).isEqualTo("1");
    assertThat(writer().appliedOffsets()).isEmpty();

    // When the task's check for due batches runs
    advance(WriterSettings.DEFAULTS.liveBatchAge());
    writer().commit();

    // Then they are folded in order, the dead letter's offset handled between the two messages
    assertThat(messageCount()).isEqualTo(2);
    assertThat(writer().appliedOffsets().values()).singleElement()
        .satisfies(o -> assertThat(o.lastOffset()).isEqualTo(2));
  }

  @Test
  void shouldFoldTheHeldRecordsOnceTheyAreAsLargeAsARunMayBe() throws SQLException {
    driver.close();
    startTask(Clock.systemUTC(), ProjectProcessor.RUN_BYTES);
    var words = "kettle ".repeat(ProjectProcessor.RUN_BYTES / 2 / 7);
    var first = events.messageAppended("c-1", "m-1", Role.USER, words);
    var second = events.messageAppended("c-1", "m-2", Role.USER, words);

    input.pipeInput(first.key().bytes(), codec.encode(first), wallClock.minusSeconds(10));
    writer().commit();
    assertThat(messageCount()).isZero();

    input.pipeInput(second.key().bytes(), codec.encode(second), wallClock.minusSeconds(10));
    writer().commit();
    assertThat(messageCount()).isEqualTo(2);
  }

  @Test
  void shouldFoldTheHeldRecordsBeforeALiveOne() throws SQLException {
    var late = events.messageAppended("c-1", "m-1", Role.USER, "kettle");
    input.pipeInput(late.key().bytes(), codec.encode(late), wallClock.minusSeconds(10));

    publish(events.messageAppended("c-1", "m-2", Role.ASSISTANT, "on the shelf"));

    // held, then folded before the live record (after it, its offset would count as applied already)
    assertThat(messageCount()).isEqualTo(2);
  }

  @Test
  void shouldBlameAHeldRecordThatSqliteRefusesNotTheCheckThatFoldedIt() throws SQLException {
    // Given a task whose failed records are told to StuckRecords, and a tenant whose range of rowids is full
    driver.close();
    var stuck = new StuckRecords(1, meters);
    startTask(Clock.systemUTC(), 4096, Map.of(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class,
        FailureHandlerDeps.CONFIG, new FailureHandlerDeps(DEAD, stuck, meters)));
    publish(events.messageAppended("c-1", "m-1", Role.USER, "kettle"));
    try (var connection = SqliteDatabase.open(shards.files().get(0)).openWriter();
        var statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE messages SET id = " + ((1L << 32) + TenantRanges.RANGE_SIZE));
      connection.commit();
    }

    // When a task that is behind holds two of its messages, and folds them at its check for due batches
    for (var id : List.of("m-2", "m-3")) {
      var late = events.messageAppended("c-1", id, Role.USER, "shelf");
      input.pipeInput(late.key().bytes(), codec.encode(late), wallClock.minusSeconds(10));
    }
    assertThatThrownBy(() -> advance(WriterSettings.DEFAULTS.liveBatchAge())).isInstanceOf(StreamsException.class)
        .rootCause().hasMessageContaining("tenant acme has");

    // Then the first held message is blamed (a punctuation's context names no record)
    assertThat(stuck.threadDied()).containsExactly(new StuckRecord(EVENTS, 0, 1, 1));
  }

  @Test
  void shouldMergeTheShardsIndexIntoOneSegmentOnceTheTaskIsIdle() throws SQLException {
    // three commits that index rows: three segments
    for (int i = 1; i <= 3; i++) {
      publish(events.messageAppended("c-" + i, "m-1", Role.USER, "kettle number " + i));
      advance(Duration.ofSeconds(1));
    }
    var segments = segments();

    advance(ProjectProcessor.MERGE_AFTER_IDLE);
    advance(ProjectProcessor.MERGE_EVERY);

    assertThat(segments).isEqualTo(3);
    assertThat(segments()).isEqualTo(1);
    assertThat(messageCount()).isEqualTo(3);
  }

  @Test
  void shouldNotMergeTheIndexWhileAShardOfTheNodeRestores() throws SQLException {
    for (int i = 1; i <= 3; i++) {
      publish(events.messageAppended("c-" + i, "m-1", Role.USER, "kettle number " + i));
      advance(Duration.ofSeconds(1));
    }

    shards.restoring();
    advance(ProjectProcessor.MERGE_AFTER_IDLE);
    advance(ProjectProcessor.MERGE_EVERY);

    assertThat(segments()).isEqualTo(3);
  }

  private long segments() throws SQLException {
    return count("SELECT count(DISTINCT segid) FROM messages_fts_idx");
  }

  private static Path copy(Path from, Path to) throws IOException {
    java.nio.file.Files.createDirectories(to);
    try (var files = java.nio.file.Files.list(from)) {
      for (var file : files.toList()) {
        java.nio.file.Files.copy(file, to.resolve(file.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  private void publish(MemoryEvent event) {
    input.pipeInput(event.key().bytes(), codec.encode(event));
  }

  private long messageCount() throws SQLException {
    return count("SELECT count(*) FROM messages");
  }

  private long count(String sql) throws SQLException {
    try (var connection = SqliteDatabase.open(shards.files().get(0)).openReader();
        var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
      return rows.getLong(1);
    }
  }

  private static String header(org.apache.kafka.common.header.Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
