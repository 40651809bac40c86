package dev.memlog.projector.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key vault against a real broker: it never calls a key gone before reading the keys topic to its end. */
class KeyVaultIT {

  @TempDir static Path dir;

  private static EmbeddedKafkaBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, 3));
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void shouldFindAKeyWrittenJustBeforeItIsAskedForAndRefuseANeverWrittenKey() throws Exception {
    var topic = keysTopic("vault-find");
    try (var vault = KeyVault.start(kafka(), topic, Duration.ofSeconds(30), new SimpleMeterRegistry());
        var producer = producer()) {
      var keys = IntStream.range(0, 20).mapToObj(i -> DataKey.generate("acme/conversation/c-" + i)).toList();
      for (var key : keys) {
        producer.send(record(topic, key)).get(10, TimeUnit.SECONDS);
      }

      // asked at once after the acknowledgement, as the projector asks for the key of an event just written
      var found = keys.stream().map(k -> vault.find(k.subject(), k.keyId())).toList();

      assertThat(found).allSatisfy(k -> assertThat(k).isPresent());
      assertThat(found.get(3).orElseThrow().key().getEncoded()).isEqualTo(keys.get(3).key().getEncoded());
      assertThatThrownBy(() -> vault.find("acme/conversation/c-0", DataKey.generate("x").keyId()))
          .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.reason())
              .isEqualTo(InvalidEventException.Reason.UNKNOWN_KEY))
          .hasMessageContaining("never held");
    }
  }

  @Test
  void shouldTombstoneEveryKeyOfTheSubjectAndNoKeyOfASubjectWhoseIdStartsAlike() throws Exception {
    var topic = keysTopic("vault-shred");
    var first = DataKey.generate("acme/conversation/c-1");
    var second = DataKey.generate("acme/conversation/c-1");
    var nested = DataKey.generate("acme/conversation/c-1/x");
    try (var producer = producer()) {
      for (var key : List.of(first, second, nested)) {
        producer.send(record(topic, key)).get(10, TimeUnit.SECONDS);
      }
    }
    try (var vault = KeyVault.start(kafka(), topic, Duration.ofSeconds(30), new SimpleMeterRegistry())) {

      int shredded = vault.shred("acme/conversation/c-1");

      assertThat(shredded).isEqualTo(2);
      assertThat(vault.find(first.subject(), first.keyId())).isEmpty();
      assertThat(vault.find(second.subject(), second.keyId())).isEmpty();
      assertThat(vault.find(nested.subject(), nested.keyId())).isPresent();
      assertThat(vault.shred("acme/conversation/c-1")).isZero();
    }
    var tombstones = records(topic).stream().filter(r -> r.value() == null)
        .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    assertThat(tombstones).containsExactlyInAnyOrder(first.recordKey(), second.recordKey());
    try (var restarted = KeyVault.start(kafka(), topic, Duration.ofSeconds(30), new SimpleMeterRegistry())) {
      assertThat(restarted.find(first.subject(), first.keyId())).isEmpty();
      assertThat(restarted.find(nested.subject(), nested.keyId())).isPresent();
    }
  }

  @Test
  void shouldIgnoreARecordOfTheKeysTopicThatIsNotAKey() throws Exception {
    var topic = keysTopic("vault-malformed");
    var key = DataKey.generate("acme/entity/e-1");
    try (var producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "garbage".getBytes(StandardCharsets.UTF_8),
          "not a key".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
      producer.send(record(topic, key)).get(10, TimeUnit.SECONDS);
    }
    var meters = new SimpleMeterRegistry();
    try (var vault = KeyVault.start(kafka(), topic, Duration.ofSeconds(30), meters)) {

      var found = vault.find(key.subject(), key.keyId());

      assertThat(found).isPresent();
      assertThat(meters.get("memlog.keys.malformed").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseToSealIntoAKeysTopicThatDeletesByRetention() throws Exception {
    var events = "client-events";
    admin.createTopics(Set.of(new NewTopic(events, 1, (short) 1),
        new NewTopic(MemlogTopics.keysTopicOf(events), 1, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
        .all().get(30, TimeUnit.SECONDS);

    assertThatThrownBy(() -> MemlogClient.builder().bootstrapServers(broker.bootstrapServers()).topic(events)
        .createTopic(false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cleanup.policy=delete");
  }

  private static String keysTopic(String name) {
    MemlogTopics.ensureKeys(admin, name, 3, 30_000);
    return name;
  }

  private static Map<String, Object> kafka() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, DataKey key) {
    return new ProducerRecord<>(topic, key.recordKey().getBytes(StandardCharsets.UTF_8), key.recordValue());
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions);
      var all = new ArrayList<ConsumerRecord<byte[], byte[]>>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(100)).forEach(all::add);
      }
      return all;
    }
  }
}
