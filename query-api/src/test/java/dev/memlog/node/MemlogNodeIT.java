package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemlogNodeIT {

  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("support-bot", "it"));
  @AutoClose private final Resources opened = new Resources();
  private String acmeKey;

  @Test
  void shouldServeOverHttpWhatTheJavaClientPublished() {
    var node = startNode();
    var http = new NodeHttp(node, acmeKey);
    try (var client = client(node)) {
      var written = client.publish(events.conversationStarted("c-1", "Lost kettle")).join();
      client.publish(events.messageAppended("c-1", "m-1", Role.USER, "My red kettle never arrived")).join();
      client.publish(events.messageAppended("c-1", "m-2", Role.ASSISTANT, "I will send a new kettle")).join();
      client.publish(events.entityUpserted("kettle-red", "product", "Red kettle", Map.of("colour", "red"))).join();

      assertThat(written.partition()).isEqualTo(
          MemlogTopics.partitionFor(events.conversationStarted("c-1", null).key().bytes(), PARTITIONS));
    }

    await().atMost(PATIENCE).untilAsserted(() -> {
      var summary = http.get("/v1/tenants/acme/conversations/c-1");
      assertThat(summary.status()).isEqualTo(200);
      assertThat(summary.json().at("/conversation/messageCount").asLong()).isEqualTo(2);
      assertThat(http.get("/v1/tenants/acme/search?q=" + NodeHttp.encode("where is my kettle")).json()
          .at("/hits/0/messageId").asText()).isEqualTo("m-1");
      assertThat(http.get("/v1/tenants/acme/entities/kettle-red").status()).isEqualTo(200);
    });
    var freshness = http.get("/v1/tenants/acme/conversations/c-1").json().path("freshness");
    assertThat(freshness.at("/partitions/0/appliedOffset").asLong()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldReadItsOwnWriteWithTheConsistencyToken() {
    var node = startNode();
    var http = new NodeHttp(node, acmeKey);
    try (var client = client(node)) {
      for (int i = 0; i < 20; i++) {
        var token = client.publish(events.messageAppended("c-ryw", "m-" + i, Role.USER, "write " + i)).join()
            .token().encode();

        // a 503 says retry, and clients do: a partition can be between this node's stream threads for a moment in
        // the follow-up rebalance Kafka Streams runs after start-up (seen once in CI), so no thread serves it
        var answer = await().atMost(PATIENCE).until(
            () -> http.get("/v1/tenants/acme/conversations/c-ryw?waitMs=10000&after=" + token),
            reply -> reply.status() != 503);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().at("/conversation/messageCount").asLong()).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void shouldGiveACorrectConversationWhenAnotherPartitionerSplitsIt() {
    var node = startNode();
    var http = new NodeHttp(node, acmeKey);
    var codec = new EventCodec();
    int home = MemlogTopics.partitionFor(events.conversationStarted("c-7", null).key().bytes(), PARTITIONS);
    int stray = (home + 1) % PARTITIONS;
    try (var client = client(node); var other = rawProducer(node)) {
      client.publish(events.conversationStarted("c-7", "Split conversation")).join();
      for (int i = 0; i < 10; i++) {
        var message = events.messageAppended("c-7", "m-" + i, Role.USER, "message number " + i);
        if (i % 2 == 0) {
          client.publish(message).join();
        } else {
          // what a client with another partitioner does: the same key on another partition
          other.send(new ProducerRecord<>(MemlogTopics.EVENTS, stray, message.key().bytes(), codec.encode(message)));
        }
      }
      other.send(new ProducerRecord<>(MemlogTopics.EVENTS, stray, null,
          codec.encode(events.messageRedacted("c-7", "m-4", "test"))));
      other.flush();
    }

    await().atMost(PATIENCE).untilAsserted(() -> {
      var page = http.get("/v1/tenants/acme/conversations/c-7/messages?limit=100").json();
      assertThat(page.path("messages").size()).isEqualTo(10);
      assertThat(page.at("/messages/4/redacted").asBoolean()).isTrue();
      assertThat(page.at("/messages/4/content").isNull()).isTrue();
      var summary = http.get("/v1/tenants/acme/conversations/c-7").json();
      assertThat(summary.at("/conversation/messageCount").asLong()).isEqualTo(10);
      assertThat(summary.at("/conversation/title").asText()).isEqualTo("Split conversation");
    });
  }

  @Test
  void shouldChangeNothingWhenRecordsAreDeliveredAgainAfterTheReadModelCommitted() throws Exception {
    var dataDir = dir.resolve("node");
    var node = startNode(dataDir);
    var history = new ArrayList<MemoryEvent>();
    for (int c = 0; c < 10; c++) {
      history.add(events.conversationStarted("c-" + c, "conversation " + c));
      for (int m = 0; m < 20; m++) {
        history.add(events.messageAppended("c-" + c, "m-" + m, Role.USER, "kettle report " + c + "/" + m));
      }
    }
    NodeTesting.publishAll(node, PARTITIONS, history);
    awaitCaughtUp(node, history.size());
    var before = ReadModelCounts.of(dataDir);
    var bootstrap = node.bootstrapServers();
    node.close();
    opened.remove(node);

    // a crash after the SQLite commit and before the Kafka offset commit: Kafka's offsets are behind SQLite
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir.resolve("kafka"), 0, PARTITIONS));
        var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      var rewind = new HashMap<TopicPartition, OffsetAndMetadata>();
      for (int p = 0; p < PARTITIONS; p++) {
        rewind.put(new TopicPartition(MemlogTopics.EVENTS, p), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets("memlog-projector", rewind).all().get(30, TimeUnit.SECONDS);
    }
    assertThat(bootstrap).isNotBlank();

    var restarted = startNode(dataDir);
    NodeTesting.awaitCommittedToEnd(restarted, PARTITIONS, PATIENCE);

    assertThat(ReadModelCounts.of(dataDir)).isEqualTo(before);
    assertThat(before).containsEntry("messages", 200L).containsEntry("counted", 200L).containsEntry("fts", 200L);
    var metrics = new NodeHttp(restarted, acmeKey).get("/metrics").text();
    assertThat(metrics).containsPattern("memlog_projector_events_already_applied_total [1-9]");
  }

  @Test
  void shouldStillServeItsMemoryAfterARestart() {
    var dataDir = dir.resolve("node");
    var node = startNode(dataDir);
    NodeTesting.publishAll(node, PARTITIONS, List.of(events.conversationStarted("c-1", "Before restart"),
        events.messageAppended("c-1", "m-1", Role.USER, "remember the blue teapot")));
    awaitCaughtUp(node, 2);
    node.close();
    opened.remove(node);

    var restarted = startNode(dataDir);
    var http = new NodeHttp(restarted, acmeKey);

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(http.get("/v1/tenants/acme/conversations/c-1").json().at("/conversation/title").asText())
          .isEqualTo("Before restart");
      assertThat(http.get("/v1/tenants/acme/search?q=teapot").json().path("hits").size()).isEqualTo(1);
    });
  }

  private MemlogNode startNode() {
    return startNode(dir.resolve("node"));
  }

  private MemlogNode startNode(Path dataDir) {
    var node = opened.add(NodeTesting.startNode(dataDir, PARTITIONS));
    if (acmeKey == null) {
      acmeKey = node.createdKeys().get("acme");
    }
    return node;
  }

  private static MemlogClient client(MemlogNode node) {
    return MemlogClient.builder().bootstrapServers(node.bootstrapServers()).partitions(PARTITIONS).build();
  }

  private static KafkaProducer<byte[], byte[]> rawProducer(MemlogNode node) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  private void awaitCaughtUp(MemlogNode node, long events) {
    var http = new NodeHttp(node, acmeKey);
    await().atMost(PATIENCE).untilAsserted(() -> {
      long applied = 0;
      for (var partition : http.get("/health").json().at("/freshness/partitions")) {
        applied += partition.path("appliedOffset").asLong() + 1;
        assertThat(partition.path("lag").asLong()).isZero();
      }
      assertThat(applied).isGreaterThanOrEqualTo(events);
    });
  }
}
