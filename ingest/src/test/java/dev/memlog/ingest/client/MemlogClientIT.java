package dev.memlog.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real broker: how it writes the data keys of the subjects it seals. */
class MemlogClientIT {

  @TempDir static Path dir;

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, 2));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldWriteANewSubjectsKeyAtOnceWhateverLingerTheEventsAreGiven() throws Exception {
    try (var client = MemlogClient.builder().bootstrapServers(broker.bootstrapServers()).topic("client-linger")
        .partitions(2)
        // the events linger ten minutes: a key sent the same way would hold publishAll for as long
        .producerProperty(ProducerConfig.LINGER_MS_CONFIG, 600_000)
        .producerProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000)
        .producerProperty(ProducerConfig.CLIENT_ID_CONFIG, "runtime-a")
        .build()) {
      var acme = Events.forTenant("acme", new EventSource("support-bot", "langgraph"));
      var events = List.of(acme.conversationStarted("c-1", "Order 1234 never arrived"),
          acme.messageAppended("c-1", "m-1", Role.USER, "My order 1234 never arrived"));

      List<CompletableFuture<PublishResult>> sent = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> client.publishAll(events));
      client.flush();

      assertThat(sent).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(r -> r.offset() >= 0));
      assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(
          new ObjectName("kafka.producer:type=app-info,id=runtime-a-keys"))).isTrue();
    }
  }
}
