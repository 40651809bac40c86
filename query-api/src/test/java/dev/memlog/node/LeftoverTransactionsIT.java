package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction left open by a producer that died (kill -9: never committed, aborted or closed) holds the last stable
 * offset of its partitions until its timeout; ending the leftovers of the projector before it starts frees them at
 * once, and leaves other applications' transactions alone.
 */
class LeftoverTransactionsIT {

  private static final String EVENTS = "memlog.events";
  private static final String CHANGELOG = "memlog-projector-conversation-summaries-changelog";
  private static final String OTHER = "other-app-output";
  // the longest a broker allows by default: without help, these transactions outlive the test
  private static final int FIFTEEN_MINUTES = 900_000;

  @TempDir Path dir;

  @Test
  void shouldEndTheTransactionsAKilledRunLeftOpenBeforeTheProjectorStarts() throws Exception {
    // Given a broker on which a dead projector thread (another thread index than the next run will use) and a
    // dead producer of another application each left a transaction open
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, 1));
        var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(EVENTS, 1, (short) 1), new NewTopic(CHANGELOG, 1, (short) 1),
          new NewTopic(OTHER, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      var projector = openTransaction(broker, "memlog-projector-6f1c0d1e-2", List.of(EVENTS, CHANGELOG));
      var other = openTransaction(broker, "other-app-1", List.of(OTHER));
      try {
        assertThat(stableBehindEnd(admin, EVENTS)).isTrue();
        assertThat(stableBehindEnd(admin, CHANGELOG)).isTrue();

        // When the node ends the projector's leftovers
        var ended = LeftoverTransactions.end(admin, "memlog-projector", Set.of(EVENTS), Duration.ofSeconds(60));

        // Then its partitions are readable to their end by read_committed consumers, and the other app's are not
        assertThat(ended.fenced()).containsExactly("memlog-projector-6f1c0d1e-2");
        assertThat(ended.aborted()).isEmpty();
        assertThat(stableBehindEnd(admin, EVENTS)).isFalse();
        assertThat(stableBehindEnd(admin, CHANGELOG)).isFalse();
        assertThat(stableBehindEnd(admin, OTHER)).isTrue();
      } finally {
        projector.close(Duration.ZERO);
        other.close(Duration.ZERO);
      }
    }
  }

  /** A producer that began a transaction, wrote to {@code topics}, and then stopped doing anything. */
  private static KafkaProducer<String, String> openTransaction(EmbeddedKafkaBroker broker, String transactionalId,
      List<String> topics) {
    var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, FIFTEEN_MINUTES),
        new StringSerializer(), new StringSerializer());
    producer.initTransactions();
    producer.beginTransaction();
    topics.forEach(topic -> producer.send(new ProducerRecord<>(topic, "k", "uncommitted")));
    producer.flush();
    return producer;
  }

  private static boolean stableBehindEnd(Admin admin, String topic) throws Exception {
    var partition = new TopicPartition(topic, 0);
    long end = offset(admin, partition, IsolationLevel.READ_UNCOMMITTED);
    long stable = offset(admin, partition, IsolationLevel.READ_COMMITTED);
    return stable < end;
  }

  private static long offset(Admin admin, TopicPartition partition, IsolationLevel isolation) throws Exception {
    return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation)).all()
        .get(30, TimeUnit.SECONDS).get(partition).offset();
  }
}
