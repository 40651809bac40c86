package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead letter the broker refuses (the dead-letter topic's limit is below it): the thread goes on, or is reported. */
class DeadLetterRefusedIT {

  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int REFUSING_LIMIT = 1_024;
  private static final int BROKER_DEFAULT_LIMIT = 1_048_588;

  @TempDir Path dir;
  @AutoClose private final Resources opened = new Resources();

  private final Events events = Events.forTenant("acme", new EventSource("bot", "it"));
  private final EventCodec codec = new EventCodec();
  private final byte[] key = EventKey.conversation("acme", "c-9").bytes();
  private final int home = MemlogTopics.partitionFor(key, PARTITIONS);

  @Test
  void shouldGoOnWithoutADeadLetterTheBrokerRefusesAndCountIt() throws Exception {
    var node = start();
    var http = new NodeHttp(node);
    limitDeadLetters(node, REFUSING_LIMIT);

    publishPoisonBetweenValidEvents(node);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(messageIds(http)).containsExactly("m-after"));
    assertThat(http.get("/metrics").text())
        .containsPattern("memlog_projector_dead_letters_failed_total\\{reason=\"NOT_JSON\"} 1\\.0");
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(http.get("/health").json().path("status").asText()).isEqualTo("UP"));
  }

  private MemlogNode start() {
    return opened.add(MemlogNode.start(NodeConfig.fromEnv(Map.of("MEMLOG_DATA_DIR", dir.resolve("node").toString(),
        "MEMLOG_HTTP_PORT", "0", "MEMLOG_BROKER_PORT", "0", "MEMLOG_PARTITIONS", "" + PARTITIONS))));
  }

  private static void limitDeadLetters(MemlogNode node, int maxMessageBytes) throws Exception {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
      var topic = new ConfigResource(ConfigResource.Type.TOPIC, MemlogTopics.DEAD_LETTERS);
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "" + maxMessageBytes), AlterConfigOp.OpType.SET))))
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  /** A conversation start, a record that is not JSON and does not compress below the limit, a message after it. */
  private long publishPoisonBetweenValidEvents(MemlogNode node) throws Exception {
    var noise = new byte[24 * 1024];
    new Random(14).nextBytes(noise);
    var poison = ("{not json " + Base64.getEncoder().encodeToString(noise)).getBytes(StandardCharsets.UTF_8);
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      send(producer, codec.encode(events.conversationStarted("c-9", "Refused")));
      long offset = send(producer, poison);
      send(producer, codec.encode(events.messageAppended("c-9", "m-after", Role.USER, "after")));
      return offset;
    }
  }

  private long send(KafkaProducer<byte[], byte[]> producer, byte[] value) throws Exception {
    return producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, home, key, value)).get(30, TimeUnit.SECONDS)
        .offset();
  }

  private static List<String> messageIds(NodeHttp http) {
    var answer = http.get("/v1/tenants/acme/conversations/c-9/messages?limit=100");
    var ids = new ArrayList<String>();
    if (answer.status() == 200) {
      answer.json().path("messages").forEach(m -> ids.add(m.path("messageId").asText()));
    }
    return ids;
  }
}
