package dev.memlog.projector.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.StoreNames;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard restored from the events topic holds what processing the same records builds, and a restore that a
 * kill -9 interrupts resumes from the offset the shard's file holds: the records after it are applied once, the
 * ones before it are not applied again.
 */
class ReadModelShardRestoreTest {

  private static final String EVENTS = "memlog.events";
  private static final TopicPartition PARTITION = new TopicPartition(EVENTS, 0);

  @TempDir Path dir;

  private final List<KeyValue<byte[], byte[]>> log = log();

  @Test
  void shouldRestoreWhatProcessingBuilds() {
    var processed = processed();

    var restored = shard(dir.resolve("restored"));
    restored.restoreAll(log);
    restored.commit(Map.of(PARTITION, (long) log.size() - 1));
    restored.close();

    assertSameContent(checksum(dir.resolve("restored")), processed);
  }

  @Test
  void shouldResumeAnInterruptedRestoreFromTheOffsetItsFileHolds() throws IOException {
    var processed = processed();
    int committed = log.size() / 2;
    var first = shard(dir.resolve("first"));
    first.restoreAll(log.subList(0, committed));
    first.commit(Map.of(PARTITION, (long) committed - 1));
    first.restoreAll(log.subList(committed, log.size() - 10));

    // a kill -9 now leaves the files as they are on disk, the last batch not committed
    var crashed = copyOf(dir.resolve("first"), dir.resolve("crashed"));
    first.close();
    var resumed = shard(crashed);
    long resumeAfter = resumed.committedOffset(PARTITION);
    resumed.restoreAll(log.subList((int) resumeAfter + 1, log.size()));
    resumed.commit(Map.of(PARTITION, (long) log.size() - 1));
    resumed.close();

    assertThat(resumeAfter).isBetween((long) committed - 1, (long) log.size() - 11);
    assertSameContent(checksum(crashed), processed);
  }

  private static void assertSameContent(Checksum actual, Checksum expected) {
    assertThat(expected.partitions()).containsOnlyKeys(0);
    assertThat(expected.rows()).containsEntry("messages", 180L);
    assertThat(actual.partitions()).isEqualTo(expected.partitions());
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.appliedOffsets()).isEqualTo(expected.appliedOffsets());
    assertThat(actual.ftsMatchesContent()).isTrue();
  }

  /** The checksum of the shard the real topology builds by processing the log. */
  private Checksum processed() {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restore-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("processed").toString());
    try (var driver = new TopologyTestDriver(ProjectorTopology.build(context()), props)) {
      var input = driver.createInputTopic(EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
      log.forEach(record -> input.pipeInput(record.key, record.value));
      var shard = (ReadModelShard) driver.getStateStore(StoreNames.SQLITE);
      shard.commit(Map.of());
      // the driver deletes its state directory when it closes: read the shard before
      return checksum(dir.resolve("processed").resolve("restore-test").resolve("0_0"));
    }
  }

  private static Checksum checksum(Path taskDir) {
    return ReadModelChecksum.of(List.of(ReadModelShard.directory(taskDir).resolve(ReadModelShard.FILE)));
  }

  /** A shard of partition 0 opened in {@code taskDir} as Kafka Streams opens a store, ready to restore. */
  private static ReadModelShard shard(Path taskDir) {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restore-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    var context = new MockProcessorContext<>(props, new TaskId(0, 0), taskDir.toFile());
    var shard = new ReadModelShard(context());
    shard.init(context.getStateStoreContext(), shard);
    return shard;
  }

  private static ShardContext context() {
    return new ShardContext(new ProjectorSettings(EVENTS, 1, "memlog.dead-letters", EventCodec.DEFAULT_MAX_EVENT_BYTES),
        new WriterSettings(40, java.time.Duration.ofHours(1), java.time.Duration.ofHours(1), 10), SubjectKeys.NONE,
        new LocalShards(1), new SimpleMeterRegistry(), Clock.systemUTC());
  }

  /** Copies the files of a shard's task directory as they are on disk now. */
  private static Path copyOf(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (var file : files.toList()) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
    return to;
  }

  /** The records of one partition: conversations with messages, edits and redactions, entities and relations. */
  private static List<KeyValue<byte[], byte[]>> log() {
    var events = Events.forTenant("acme", new EventSource("bot", "restore-test"));
    var history = new ArrayList<MemoryEvent>();
    for (int c = 0; c < 6; c++) {
      history.add(events.conversationStarted("c-" + c, "Order " + c));
      for (int m = 0; m < 30; m++) {
        history.add(events.messageAppended("c-" + c, "m-" + c + "-" + m, m % 2 == 0 ? Role.USER : Role.ASSISTANT,
            "kettle " + m + " of order " + c + " left the warehouse on day " + (m * 7 % 31)));
      }
      history.add(events.messageEdited("c-" + c, "m-" + c + "-3", "the kettle came back"));
      history.add(events.messageRedacted("c-" + c, "m-" + c + "-5", "card number"));
      history.add(events.entityUpserted("kettle-" + c, "product", "Kettle " + c, Map.of("colour", "red")));
      history.add(events.relationAsserted("kettle-" + c, "sold-by", "shop-" + c % 2, 0.5));
      history.add(events.entityMentioned("c-" + c, "m-" + c + "-1", "kettle-" + c));
    }
    var codec = new EventCodec();
    return history.stream().map(event -> KeyValue.pair(event.key().bytes(), codec.encode(event))).toList();
  }
}
