package dev.memlog.projector.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.projector.stream.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing dead letters written as the projector writes them under exactly-once: by a transactional producer, so
 * commit markers (and the records of aborted transactions) take offsets that hold no dead letter.
 */
class DeadLetterTopicIT {

  @TempDir static Path dir;

  private static EmbeddedKafkaBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, 1));
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void shouldListTheLatestOneTwoOrAllWhenEachDeadLetterWasCommittedInItsOwnTransaction() throws Exception {
    var topic = topic("dlq-own-transactions", 1);
    try (var producer = transactional("own")) {
      committed(producer, topic, 0, "NOT_JSON", "SCHEMA_VIOLATION");
    }
    var dlq = new DeadLetterTopic(kafka(), topic);

    var one = dlq.list(1, null);
    var two = dlq.list(2, null);
    var many = dlq.list(50, null);

    assertThat(one).extracting(DeadLetter::reason).containsExactly("SCHEMA_VIOLATION");
    assertThat(two).extracting(DeadLetter::reason).containsExactly("NOT_JSON", "SCHEMA_VIOLATION");
    assertThat(many).extracting(DeadLetter::reason).containsExactly("NOT_JSON", "SCHEMA_VIOLATION");
    assertThat(many).extracting(DeadLetter::offset).containsExactly(0L, 2L);
  }

  @Test
  void shouldReachPastAnAbortedTransactionToFindOlderDeadLetters() throws Exception {
    var topic = topic("dlq-aborted", 2);
    try (var producer = transactional("aborted")) {
      committed(producer, topic, 0, "NOT_JSON");
      committed(producer, topic, 1, "EMPTY");
      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(letter(topic, 0, "TOO_LARGE")).get(10, TimeUnit.SECONDS);
      }
      producer.abortTransaction();
      committed(producer, topic, 0, "KEY_MISMATCH");
    }
    var dlq = new DeadLetterTopic(kafka(), topic);

    var one = dlq.list(1, null);
    var three = dlq.list(3, null);
    var many = dlq.list(10, null);
    var ofReason = dlq.list(1, "not_json");

    assertThat(one).extracting(DeadLetter::reason).containsExactly("KEY_MISMATCH");
    assertThat(three).extracting(DeadLetter::reason).containsExactly("NOT_JSON", "EMPTY", "KEY_MISMATCH");
    assertThat(many).extracting(DeadLetter::reason).containsExactly("NOT_JSON", "EMPTY", "KEY_MISMATCH");
    assertThat(ofReason).extracting(DeadLetter::partition, DeadLetter::offset)
        .containsExactly(tuple(0, 0L));
  }

  /** Each dead letter in a transaction of its own, as a Streams task commits between them. */
  private static void committed(KafkaProducer<byte[], byte[]> producer, String topic, int partition,
      String... reasons) throws Exception {
    for (var reason : reasons) {
      producer.beginTransaction();
      producer.send(letter(topic, partition, reason)).get(10, TimeUnit.SECONDS);
      producer.commitTransaction();
    }
  }

  private static ProducerRecord<byte[], byte[]> letter(String topic, int partition, String reason) {
    var record = new ProducerRecord<>(topic, partition, "acme/conversation/c-1".getBytes(StandardCharsets.UTF_8),
        "{not json".getBytes(StandardCharsets.UTF_8));
    record.headers().add(DeadLetters.REASON, reason.getBytes(StandardCharsets.UTF_8))
        .add(DeadLetters.TOPIC, "memlog.events".getBytes(StandardCharsets.UTF_8))
        .add(DeadLetters.PARTITION, "0".getBytes(StandardCharsets.UTF_8))
        .add(DeadLetters.OFFSET, "7".getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private static String topic(String name, int partitions) throws Exception {
    admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    return name;
  }

  private static KafkaProducer<byte[], byte[]> transactional(String id) {
    var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dead-letter-topic-it-" + id),
        new ByteArraySerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  private static Map<String, Object> kafka() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
  }
}
