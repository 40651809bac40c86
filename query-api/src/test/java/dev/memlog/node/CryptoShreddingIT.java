package dev.memlog.node;

import dev.memlog.projector.stream.ShardFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.ReadModelChecksum;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forgetting a conversation shreds its key: its words are in no topic an operator can read, nor in any rebuild. */
class CryptoShreddingIT {

  private static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String SECRET = "quizzicalzebra";
  private static final String KEPT = "steadfastotter";
  private static final String ORPHAN = "orphanedwalrus";
  private static final String OVER_HTTP = "httpbornnarwhal";

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("support-bot", "it"));
  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldLeaveNoReadableTraceOfAForgottenConversationInTheLogOrAnyRebuild() {
    var dataDir = dir.resolve("node");
    var node = startNode(dataDir);
    var http = new NodeHttp(node);
    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers()).partitions(PARTITIONS)
        .build()) {
      client.publish(events.conversationStarted("c-secret", "about the " + SECRET));
      client.publish(events.messageAppended("c-secret", "m-1", Role.USER, "my " + SECRET + " escaped"));
      client.publish(events.messageEdited("c-secret", "m-1", "my " + SECRET + " escaped again"));
      client.publish(events.messageAppended("c-kept", "m-1", Role.USER, "my " + KEPT + " stayed"));
      client.flush();
    }
    publishSealedWithAKeyThatNeverExisted(node);
    var overHttp = http.post("/v1/tenants/acme/events", new String(new EventCodec().encode(
        events.messageAppended("c-http", "m-1", Role.USER, "a " + OVER_HTTP + " arrived")), StandardCharsets.UTF_8));
    assertThat(overHttp.status()).as(overHttp.text()).isEqualTo(202);
    NodeTesting.awaitCommittedToEnd(node, PARTITIONS, PATIENCE);

    assertThat(rawValues(node, MemlogTopics.EVENTS)).hasSizeGreaterThan(5);
    assertThat(topicsContaining(node, SECRET, KEPT, OVER_HTTP, ORPHAN)).as("topics holding a word").isEmpty();
    assertThat(hits(http, SECRET)).isEqualTo(1);
    assertThat(hits(http, KEPT)).isEqualTo(1);
    assertThat(hits(http, OVER_HTTP)).isEqualTo(1);
    assertThat(hits(http, ORPHAN)).isZero();
    assertThat(records(node, MemlogTopics.DEAD_LETTERS)).as("the orphan's dead letter").singleElement()
        .satisfies(r -> assertThat(new String(r.headers().lastHeader("memlog.dlq.reason").value(),
            StandardCharsets.UTF_8)).isEqualTo("UNKNOWN_KEY"));

    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers()).build()) {
      client.publish(events.conversationForgotten("c-secret", "asked")).join();
    }
    NodeTesting.awaitCommittedToEnd(node, PARTITIONS, PATIENCE);

    var keyRecords = records(node, MemlogTopics.KEYS);
    assertThat(keyRecords).filteredOn(r -> key(r).startsWith("acme/conversation/c-secret/"))
        .as("the key record and its tombstone").hasSize(2).last()
        .satisfies(r -> assertThat(r.value()).isNull());
    assertThat(keyRecords).filteredOn(r -> key(r).startsWith("acme/conversation/c-kept/"))
        .singleElement().satisfies(r -> assertThat(r.value()).isNotNull());
    assertThat(hits(http, SECRET)).isZero();
    assertThat(hits(http, KEPT)).isEqualTo(1);
    assertThat(http.get("/v1/tenants/acme/conversations/c-secret").status()).isEqualTo(404);
    assertThat(topicsContaining(node, SECRET)).isEmpty();
    var live = http.checksum(PATIENCE);
    node.close();
    opened.remove(node);

    assertThat(filesContaining(dataDir, SECRET)).as("files of the stopped node holding the word").isEmpty();
    var rebuilt = NodeTesting.rebuild(dir, dataDir, PARTITIONS);

    assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
    assertThat(live.path("ftsMatchesContent").asBoolean()).isTrue();
    assertThat(ReadModelChecksum.of(ShardFiles.under(dataDir.resolve("streams"))).total())
        .isEqualTo(live.path("total").asText());
  }

  /** A sealed event written with a key that was never published (a broken writer): a dead letter, still sealed. */
  private void publishSealedWithAKeyThatNeverExisted(MemlogNode node) {
    var event = events.messageAppended("c-orphan", "m-1", Role.USER, "an " + ORPHAN + " without a key");
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, event.key().bytes(),
          new EventCodec().encode(event, DataKey::generate)));
      producer.flush();
    }
  }

  /**
   * The topics (dead letters included) with a record holding one of the words in plain text. The RocksDB views
   * have no changelog topics: their content is never copied into Kafka.
   */
  private static List<String> topicsContaining(MemlogNode node, String... words) {
    try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        node.bootstrapServers()))) {
      var topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).contains(MemlogTopics.EVENTS, MemlogTopics.KEYS)
          .noneMatch(topic -> topic.endsWith("-changelog"));
      return topics.stream().filter(topic -> rawValues(node, topic).stream()
          .anyMatch(value -> Arrays.stream(words).anyMatch(value::contains))).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> filesContaining(Path dir, String word) {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(file -> {
        try {
          return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(word);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long hits(NodeHttp http, String word) {
    var answer = http.get("/v1/tenants/acme/search?q=" + word);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.json().path("hits").size();
  }

  private static List<String> rawValues(MemlogNode node, String topic) {
    return records(node, topic).stream().filter(r -> r.value() != null)
        .map(r -> new String(r.value(), StandardCharsets.ISO_8859_1)).toList();
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  /** Every record of the topic, as a plain consumer (or kcat) reads it, partition by partition. */
  private static List<ConsumerRecord<byte[], byte[]>> records(MemlogNode node, String topic) {
    var config = new HashMap<String, Object>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions = IntStream.range(0, consumer.partitionsFor(topic).size())
          .mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions);
      var all = new ArrayList<ConsumerRecord<byte[], byte[]>>();
      await().atMost(PATIENCE).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(all::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
      });
      return all;
    }
  }

  private MemlogNode startNode(Path dataDir) {
    return opened.add(NodeTesting.startNode(dataDir, PARTITIONS));
  }
}
