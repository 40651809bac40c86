package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.stream.ShardFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir of memlog before shards (one SQLite file in DATA_DIR/read-model, no shard in the tasks' state
 * directories): the node removes the old file, restores every shard from the events topic, and answers as before.
 */
class OldLayoutIT {

  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  private final Events events = Events.forTenant("acme", new EventSource("support-bot", "it"));

  @Test
  void shouldRemoveTheSingleFileReadModelAndRestoreEveryShardFromTheTopic() throws Exception {
    // Given a node that projected a history, stopped, and a data dir made to look like the old layout
    var dataDir = dir.resolve("node");
    var first = opened.add(NodeTesting.startNode(dataDir, PARTITIONS));
    NodeTesting.publishAll(first, PARTITIONS, history());
    NodeTesting.awaitCommittedToEnd(first, PARTITIONS, PATIENCE);
    var keys = first.createdKeys();
    var before = new NodeHttp(first).checksum(PATIENCE);
    first.close();
    opened.remove(first);
    for (var shard : ShardFiles.under(dataDir.resolve("streams"))) {
      DataDirs.deleteTree(shard.getParent());
    }
    var old = Files.createDirectories(dataDir.resolve("read-model")).resolve("memlog.db");
    Files.writeString(old, "the single-file read model of an older memlog");

    // When the node starts on it
    var node = opened.add(NodeTesting.startNode(dataDir, PARTITIONS));

    // Then the old file is gone, and the restored shards answer as the old ones did
    assertThat(dataDir.resolve("read-model")).doesNotExist();
    var http = new NodeHttp(node.httpPort(), keys);
    await().atMost(PATIENCE).untilAsserted(() -> {
      var summary = http.get("/v1/tenants/acme/conversations/c-1");
      assertThat(summary.status()).as(summary.text()).isEqualTo(200);
      assertThat(summary.json().at("/conversation/messageCount").asLong()).isEqualTo(30);
      var checksum = http.get("/v1/admin/checksum");
      assertThat(checksum.status()).as(checksum.text()).isEqualTo(200);
      assertThat(checksum.json().path("total")).isEqualTo(before.path("total"));
    });
    assertThat(ShardFiles.under(dataDir.resolve("streams"))).hasSize(PARTITIONS);
  }

  private List<MemoryEvent> history() {
    var list = new ArrayList<MemoryEvent>();
    for (int c = 1; c <= 3; c++) {
      list.add(events.conversationStarted("c-" + c, "conversation " + c));
      for (int m = 0; m < 30; m++) {
        list.add(events.messageAppended("c-" + c, "m-" + m, Role.USER, "kettle " + c + "/" + m));
      }
    }
    list.add(events.entityUpserted("kettle-1", "product", "Kettle", java.util.Map.of()));
    return list;
  }
}
