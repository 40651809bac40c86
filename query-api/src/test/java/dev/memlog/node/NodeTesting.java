package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.MemoryEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the in-process node tests do alike: publish a history, and wait until the projector committed it all. */
final class NodeTesting {

  private NodeTesting() {}

  /** Publishes every event with the Java client and waits until Kafka acknowledged them. */
  static void publishAll(MemlogNode node, int partitions, List<MemoryEvent> history) {
    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers()).partitions(partitions)
        .build()) {
      history.forEach(client::publish);
      client.flush();
    }
  }

  /** Waits until the projector group has committed every partition to its end (so SQLite holds it all). */
  static void awaitCommittedToEnd(MemlogNode node, int partitions, Duration patience) {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
      await().atMost(patience).untilAsserted(() -> {
        var committed = admin.listConsumerGroupOffsets("memlog-projector").partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
        var request = new HashMap<TopicPartition, OffsetSpec>();
        for (int p = 0; p < partitions; p++) {
          request.put(new TopicPartition(MemlogTopics.EVENTS, p), OffsetSpec.latest());
        }
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((partition, end) -> {
          if (end.offset() > 0) {
            assertThat(committed.get(partition)).as("committed offset of %s", partition).isNotNull()
                .extracting(OffsetAndMetadata::offset).isEqualTo(end.offset());
          }
        });
      });
    }
  }
}
