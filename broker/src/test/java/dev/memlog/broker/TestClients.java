package dev.memlog.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients against a test broker: create topics, produce, read everything back. */
final class TestClients {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestClients() {
  }

  static void createTopic(String bootstrapServers, String topic, int partitions)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  static Set<String> listTopics(String bootstrapServers)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin.listTopics().names().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> extra) {
    var settings = new HashMap<String, Object>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    settings.putAll(extra);
    return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
  }

  /** Reads the topic from the beginning until {@code expected} records arrived, with committed reads only. */
  static List<ConsumerRecord<String, String>> readCommitted(String bootstrapServers, String topic, int expected) {
    var settings = Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
    var records = new ArrayList<ConsumerRecord<String, String>>();
    try (var consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        assertThat(records).hasSizeGreaterThanOrEqualTo(expected);
      });
    }
    return records;
  }
}
