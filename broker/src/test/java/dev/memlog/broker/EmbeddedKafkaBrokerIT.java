package dev.memlog.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  private static final String TOPIC = "memlog.test";
  /** Yammer Metrics' static tick pool: created once per JVM by the first broker, shared by all later ones. */
  private static final String JVM_WIDE_THREAD_PREFIX = "metrics-meter-tick-thread-";

  @TempDir
  Path dataDir;

  @Test
  void shouldReadBackRecordsWrittenByIdempotentProducer() throws Exception {
    // Given
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 3))) {
      TestClients.createTopic(broker.bootstrapServers(), TOPIC, 3);

      // When
      produce(broker, 10);

      // Then
      assertThat(values(TestClients.readCommitted(broker.bootstrapServers(), TOPIC, 10)))
          .containsExactlyInAnyOrder(expectedValues(10));
    }
  }

  @Test
  void shouldKeepRecordsWhenRestartedOnSameDirectory() throws Exception {
    // Given a broker that stored records and was closed
    String firstBootstrap;
    try (var first = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 1))) {
      firstBootstrap = first.bootstrapServers();
      TestClients.createTopic(first.bootstrapServers(), TOPIC, 2);
      produce(first, 5);
    }

    // When
    try (var second = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 1))) {

      // Then
      assertThat(second.bootstrapServers()).startsWith("127.0.0.1:").isNotEqualTo(firstBootstrap);
      assertThat(TestClients.listTopics(second.bootstrapServers())).contains(TOPIC);
      assertThat(values(TestClients.readCommitted(second.bootstrapServers(), TOPIC, 5)))
          .containsExactlyInAnyOrder(expectedValues(5));
    }
  }

  @Test
  void shouldCommitTransactionWithReplicationFactorOne() throws Exception {
    // Given
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 1))) {
      TestClients.createTopic(broker.bootstrapServers(), TOPIC, 1);
      var transactional = Map.<String, Object>of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "memlog-test-tx");

      // When
      try (var producer = TestClients.producer(broker.bootstrapServers(), transactional)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "k", "committed"));
        producer.commitTransaction();
      }

      // Then
      assertThat(values(TestClients.readCommitted(broker.bootstrapServers(), TOPIC, 1)))
          .containsExactly("committed");
    }
  }

  @Test
  void shouldFailWithClearMessageWhenPortIsInUse() throws IOException {
    // Given a port that another socket holds
    try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      var config = new BrokerConfig(dataDir, taken.getLocalPort(), 1);

      // When / Then
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(config))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("Port " + taken.getLocalPort())
          .hasMessageContaining("not available");
    }
  }

  @Test
  void shouldRefuseSecondBrokerOnSameDirectory() throws Exception {
    // Given a running broker with a topic
    try (var running = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 1))) {
      TestClients.createTopic(running.bootstrapServers(), TOPIC, 1);
      var sameDirectory = new BrokerConfig(dataDir, 0, 1);

      // When / Then
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(sameDirectory))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining(dataDir.toString())
          .hasMessageContaining("already in use");
      assertThat(TestClients.listTopics(running.bootstrapServers())).contains(TOPIC);
    }
  }

  @Test
  void shouldKeepServingWhenAnotherBrokerInSameJvmCloses(@TempDir Path otherDataDir) throws Exception {
    // Given two brokers side by side, each with a topic
    try (var survivor = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 1))) {
      TestClients.createTopic(survivor.bootstrapServers(), TOPIC, 1);
      try (var other = EmbeddedKafkaBroker.start(new BrokerConfig(otherDataDir, 0, 1))) {
        TestClients.createTopic(other.bootstrapServers(), TOPIC, 1);
        produce(other, 1);
      }

      // When the other one has closed
      produce(survivor, 3);

      // Then
      assertThat(values(TestClients.readCommitted(survivor.bootstrapServers(), TOPIC, 3)))
          .containsExactlyInAnyOrder(expectedValues(3));
    }
  }

  @Test
  void shouldLeaveNoBrokerThreadsWhenClosed() {
    // Given
    var threadsBefore = liveThreadIds();
    var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, 0, 1));

    // When
    broker.close();
    broker.close();

    // Then: Kafka's threads tell their shutdown is complete just before they end (a ShutdownableThread counts
    // its latch down, then logs "Stopped"), so the last of them may still be ending when close() returns; polled
    // in this thread, so that Awaitility starts none
    await().pollInSameThread().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(newThreadNames(threadsBefore)).isEmpty());
  }

  private static void produce(EmbeddedKafkaBroker broker, int count) throws Exception {
    try (var producer = TestClients.producer(broker.bootstrapServers(), Map.of())) {
      for (var i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String[] expectedValues(int count) {
    var values = new String[count];
    for (var i = 0; i < count; i++) {
      values[i] = "value-" + i;
    }
    return values;
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static Set<Long> liveThreadIds() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
  }

  private static Set<String> newThreadNames(Set<Long> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread.getId()))
        .map(Thread::getName)
        .filter(name -> !name.startsWith(JVM_WIDE_THREAD_PREFIX))
        .collect(Collectors.toSet());
  }
}
