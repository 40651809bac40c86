package dev.memlog.projector.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.projector.stream.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Listing the dead-letter topic logs nothing at WARN: its consumer assigns partitions before asking offsets. */
class DeadLetterListingLogIT {

  private static final String TOPIC = "memlog.dead-letters";

  @TempDir Path dir;

  @Test
  void shouldListDeadLettersWithoutTheKafkaConsumerWarningOfPartitionsNotAssigned() throws Exception {
    // Given a dead-letter topic of three partitions with two dead letters, and the Kafka consumer's log watched
    var consumerLog = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.consumer");
    var seen = new ListAppender<ILoggingEvent>();
    seen.start();
    try (var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, 3))) {
      var kafka = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      try (var producer = new KafkaProducer<>(kafka, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int partition = 0; partition < 2; partition++) {
          var record = new ProducerRecord<byte[], byte[]>(TOPIC, partition, null,
              "not json".getBytes(StandardCharsets.UTF_8));
          record.headers().add(DeadLetters.REASON, "NOT_JSON".getBytes(StandardCharsets.UTF_8));
          producer.send(record).get(30, TimeUnit.SECONDS);
        }
      }
      consumerLog.addAppender(seen);

      // When they are listed, as the admin route and `memlog dlq list` list them
      List<DeadLetter> letters;
      try {
        letters = new DeadLetterTopic(kafka, TOPIC).list(10, null);
      } finally {
        consumerLog.detachAppender(seen);
      }

      // Then both are found, and the consumer logged nothing at WARN or above
      assertThat(letters).extracting(DeadLetter::reason).containsExactly("NOT_JSON", "NOT_JSON");
      assertThat(seen.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
  }
}
