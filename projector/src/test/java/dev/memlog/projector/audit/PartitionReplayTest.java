package dev.memlog.projector.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionReplayTest {

  private static final String TOPIC = "memlog.events";

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("bot", "test"));

  @Test
  void shouldGiveBackTheSameChecksumWhenOnePartitionIsDroppedAndReplayed() {
    var history = List.<MemoryEvent>of(
        events.conversationStarted("c-1", "Lost kettle"),
        events.messageAppended("c-1", "m-1", Role.USER, "my kettle never came"),
        events.messageAppended("c-1", "m-2", Role.USER, "card 4111"),
        events.messageRedacted("c-1", "m-2", "card"),
        events.entityMentioned("c-1", "m-1", "kettle-1"),
        events.entityUpserted("kettle-1", "product", "Red kettle", Map.of()),
        events.relationAsserted("kettle-1", "sold-by", "shop-1", 0.5));
    var database = SqliteDatabase.open(dir.resolve("memlog.db"));
    try (var writer = writer(database)) {
      apply(writer, history);
      writer.commit();
      var before = ReadModelChecksum.of(database);

      writer.dropPartition(TOPIC, 0);
      var dropped = ReadModelChecksum.of(database);
      apply(writer, history.stream().filter(e -> partitionOf(e) == 0).toList());
      writer.commit();

      assertThat(dropped.partitions()).containsOnlyKeys(1).containsEntry(1, before.partitions().get(1));
      assertThat(dropped.ftsMatchesContent()).isTrue();
      assertThat(dropped.appliedOffsets()).containsOnlyKeys(TOPIC + "/1");
      assertThat(writer.appliedOffsets()).containsKey(new TopicPartition(TOPIC, 0));
      assertThat(ReadModelChecksum.of(database).total()).isEqualTo(before.total());
    }
  }

  private static int partitionOf(MemoryEvent event) {
    return event.key().kind() == EventKey.Kind.CONVERSATION ? 0 : 1;
  }

  private static void apply(ProjectionWriter writer, List<MemoryEvent> history) {
    long[] offsets = {0, 0};
    for (var event : history) {
      int partition = partitionOf(event);
      writer.apply(event, new Provenance(TOPIC, partition, offsets[partition]++));
    }
  }

  private static ProjectionWriter writer(SqliteDatabase database) {
    return ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(), Clock.systemUTC());
  }
}
