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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionReplayTest {

  private static final String TOPIC = "memlog.events";

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("bot", "test"));

  @Test
  void shouldGiveShardsInSeparateFilesTheChecksumOfOneFileHoldingEveryPartition() {
    var history = List.<MemoryEvent>of(
        events.conversationStarted("c-1", "Lost kettle"),
        events.messageAppended("c-1", "m-1", Role.USER, "my kettle never came"),
        events.messageAppended("c-1", "m-2", Role.USER, "card 4111"),
        events.messageRedacted("c-1", "m-2", "card"),
        events.entityMentioned("c-1", "m-1", "kettle-1"),
        events.entityUpserted("kettle-1", "product", "Red kettle", Map.of()),
        events.relationAsserted("kettle-1", "sold-by", "shop-1", 0.5));
    var whole = SqliteDatabase.open(dir.resolve("whole.db"));
    var shard0 = SqliteDatabase.open(dir.resolve("shard-0.db"));
    var shard1 = SqliteDatabase.open(dir.resolve("shard-1.db"));
    try (var all = writer(whole); var first = writer(shard0); var second = writer(shard1)) {
      apply(all, history);
      apply(first, history.stream().filter(e -> partitionOf(e) == 0).toList());
      apply(second, history.stream().filter(e -> partitionOf(e) == 1).toList());
    }

    var one = ReadModelChecksum.of(whole.file());
    var shards = ReadModelChecksum.of(List.of(shard0.file(), shard1.file()));

    assertThat(shards.partitions()).containsOnlyKeys(0, 1).isEqualTo(one.partitions());
    assertThat(shards.total()).isEqualTo(one.total());
    assertThat(shards.rows()).isEqualTo(one.rows());
    assertThat(shards.ftsMatchesContent()).isTrue();
    assertThat(shards.appliedOffsets()).isEqualTo(one.appliedOffsets());
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
