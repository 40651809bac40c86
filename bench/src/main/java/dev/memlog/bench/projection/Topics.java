package dev.memlog.bench.projection;

import dev.memlog.bench.node.Pause;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates a topic and waits until every partition has a leader before a producer writes to it: an idempotent
 * producer that starts on a topic created a moment ago can get NOT_LEADER answers and then loop on
 * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
 */
public final class Topics {

  private Topics() {}

  /** A client of {@code topic}, created with {@code partitions} partitions and ready for writes. */
  public static MemlogClient readyClient(String bootstrap, String topic, int partitions) {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      MemlogTopics.ensure(admin, Set.of(topic), partitions, 30_000);
      MemlogTopics.ensureKeys(admin, MemlogTopics.keysTopicOf(topic), partitions, 30_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!allLed(admin, topic)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + topic + " has partitions without a leader after 30 s");
        }
        Pause.millis(200);
      }
    }
    Pause.millis(1_000);
    return MemlogClient.builder().bootstrapServers(bootstrap).topic(topic).createTopic(false).build();
  }

  private static boolean allLed(Admin admin, String topic) {
    try {
      var description = admin.describeTopics(Set.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
      return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      return false;
    }
  }
}
