package dev.memlog.node;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memlog.projector.stream.ShardFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.ReadModelChecksum;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayIT {

  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("support-bot", "it"));
  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldGiveBackTheLiveChecksumWhenTheLogIsRebuiltTwice() throws Exception {
    var dataDir = dir.resolve("node");
    var node = startNode(dataDir);
    NodeTesting.publishAll(node, PARTITIONS, history(40));
    publishStrayAndPoison(node);
    NodeTesting.awaitCommittedToEnd(node, PARTITIONS, PATIENCE);
    var live = new NodeHttp(node).checksum(PATIENCE);
    node.close();
    opened.remove(node);
    var forgottenLeft = ReadModelCounts.sum(dataDir, "SELECT (SELECT count(*) FROM relations WHERE"
        + " from_entity_id = 'kettle-3' OR to_entity_id = 'kettle-3') + (SELECT count(*) FROM mentions WHERE"
        + " entity_id = 'kettle-3')");

    var first = NodeTesting.rebuild(dir, dataDir, PARTITIONS);
    var afterFirst = ReadModelChecksum.of(ShardFiles.under(dataDir.resolve("streams")));
    var second = NodeTesting.rebuild(dir, dataDir, PARTITIONS);
    var afterSecond = ReadModelChecksum.of(ShardFiles.under(dataDir.resolve("streams")));

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(live.path("ftsMatchesContent").asBoolean()).isTrue();
    assertThat(live.path("rows").path("messages").asLong()).isPositive();
    assertThat(afterFirst.total()).isEqualTo(live.path("total").asText());
    assertThat(afterSecond.total()).isEqualTo(afterFirst.total());
    assertThat(forgottenLeft).as("relations and mentions of the forgotten kettle-3, in any shard").isZero();
    assertThat(first.output()).contains("records/s").contains("total          " + afterFirst.total());
  }

  @Test
  void shouldRefuseToRebuildWhileANodeRuns() {
    var dataDir = dir.resolve("node");
    startNode(dataDir);

    var refused = NodeTesting.rebuild(dir, dataDir, PARTITIONS);

    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
    assertThat(refused.output()).contains("Stop it first");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(ShardFiles.under(dataDir.resolve("streams")))
        .hasSize(PARTITIONS));
  }

  @Test
  void shouldSayAPartitionIsRebuildingUntilItsReplayIsDoneAndKeepTheChecksum() {
    var node = startNode(dir.resolve("node"));
    var http = new NodeHttp(node);
    NodeTesting.publishAll(node, PARTITIONS, history(400));
    NodeTesting.awaitCommittedToEnd(node, PARTITIONS, PATIENCE);
    var before = http.checksum(PATIENCE).path("total").asText();
    int partition = partitionOf("c-1");

    var started = http.post("/v1/admin/partitions/" + partition + "/rebuild");

    assertThat(started.status()).as(started.text()).isEqualTo(202);
    assertThat(started.json().path("rowsDropped").asLong()).isPositive();
    var health = http.get("/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().path("status").asText()).isEqualTo("DEGRADED");
    assertThat(health.json().at("/freshness/partitions/" + partition + "/rebuilding").asBoolean()).isTrue();
    var search = http.get("/v1/tenants/acme/search?q=kettle").json();
    assertThat(search.path("partial").asBoolean()).as(search.toString()).isTrue();
    assertThat(search.path("missingPartitions")).extracting(JsonNode::asInt).contains(partition);
    assertThat(http.post("/v1/admin/partitions/" + partition + "/rebuild").status()).isEqualTo(409);

    await().atMost(PATIENCE).untilAsserted(() -> {
      var after = http.get("/health");
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.json().at("/freshness/partitions/" + partition + "/rebuilding").asBoolean()).isFalse();
    });
    // the rebuild restarts the projector: the other partitions' shards may take a moment longer to serve again
    await().atMost(PATIENCE).untilAsserted(() -> {
      var checksum = http.get("/v1/admin/checksum");
      assertThat(checksum.status()).as(checksum.text()).isEqualTo(200);
      assertThat(checksum.json().path("total").asText()).isEqualTo(before);
    });
    assertThat(http.get("/v1/tenants/acme/conversations/c-1/messages?limit=500").json().path("messages").size())
        .isEqualTo(400);
  }

  /** Conversations with edits, redactions and a forgetting; entities with relations, mentions and a forgetting. */
  private List<MemoryEvent> history(int messagesPerConversation) {
    var list = new ArrayList<MemoryEvent>();
    for (int c = 1; c <= 4; c++) {
      list.add(events.conversationStarted("c-" + c, "conversation " + c));
      for (int m = 0; m < messagesPerConversation; m++) {
        list.add(events.messageAppended("c-" + c, "m-" + m, m % 2 == 0 ? Role.USER : Role.ASSISTANT,
            "kettle report " + c + "/" + m + " about the blue teapot"));
      }
      list.add(events.messageEdited("c-" + c, "m-1", "edited: the red kettle arrived"));
      list.add(events.messageRedacted("c-" + c, "m-2", "card number"));
      list.add(events.entityMentioned("c-" + c, "m-0", "kettle-" + c));
      list.add(events.entityUpserted("kettle-" + c, "product", "Kettle " + c, Map.of("colour", "red")));
      list.add(events.relationAsserted("customer-" + c, "ordered", "kettle-" + c, 0.5 + c / 10.0));
    }
    // kettle-3's shard is partition 0; customer-1's is 2 and c-1's is 1: its forgetting must reach them
    list.add(events.relationAsserted("customer-1", "returned", "kettle-3", 0.4));
    list.add(events.entityMentioned("c-1", "m-3", "kettle-3"));
    list.add(events.conversationForgotten("c-4", "asked"));
    list.add(events.entityForgotten("kettle-3", "asked"));
    return list;
  }

  /** A record another partitioner put on a stray partition, and a record that is not an event. */
  private void publishStrayAndPoison(MemlogNode node) {
    var stray = events.messageAppended("c-2", "m-stray", Role.USER, "written by kcat");
    int home = MemlogTopics.partitionFor(stray.key().bytes(), PARTITIONS);
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, (home + 1) % PARTITIONS, stray.key().bytes(),
          new EventCodec().encode(stray)));
      producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, home, null, "{not json".getBytes()));
      producer.flush();
    }
  }

  private static int partitionOf(String conversationId) {
    return MemlogTopics.partitionFor(dev.memlog.ingest.event.EventKey.conversation("acme", conversationId).bytes(),
        PARTITIONS);
  }

  private MemlogNode startNode(Path dataDir) {
    return opened.add(NodeTesting.startNode(dataDir, PARTITIONS));
  }
}
