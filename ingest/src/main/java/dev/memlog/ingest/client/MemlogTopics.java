package dev.memlog.ingest.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;

/**
 * The topics memlog reads and writes, how they are created, and which partition an event key belongs to.
 *
 * <p>The events topic is the source of truth: it is created with unlimited retention and never compacted.
 */
public final class MemlogTopics {

  /** The default name of the topic every event is published to. */
  public static final String EVENTS = "memlog.events";

  /** The default name of the topic that receives records the projector could not accept. */
  public static final String DEAD_LETTERS = "memlog.dead-letters";

  /** Partitions of the events topic when memlog creates it and nothing else is configured. */
  public static final int DEFAULT_PARTITIONS = 6;

  private static final Map<String, String> KEEP_FOREVER = Map.of(
      "retention.ms", "-1",
      "retention.bytes", "-1",
      "cleanup.policy", "delete");

  private MemlogTopics() {}

  /**
   * The partition Kafka's Java client picks for a key: murmur2 of the key bytes modulo the partition count.
   * memlog projects an event from this partition only; a record another partitioner put elsewhere is moved here.
   */
  public static int partitionFor(byte[] keyBytes, int partitions) {
    return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
  }

  /**
   * Creates the topics that are absent, with {@code partitions} partitions and unlimited retention; leaves
   * existing topics as they are.
   *
   * @throws IllegalStateException if the cluster cannot be reached within {@code timeoutMs}
   */
  public static void ensure(Admin admin, Set<String> topics, int partitions, long timeoutMs) {
    for (var topic : topics) {
      try {
        admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) -1).configs(KEEP_FOREVER)))
            .all().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("cannot create topic " + topic + " within " + timeoutMs + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + topic, e);
      }
    }
  }

  /**
   * The number of partitions of a topic, waiting up to {@code timeoutMs} for a topic created a moment ago to
   * become known to the broker answering.
   *
   * @throws IllegalStateException if the topic does not exist or the cluster cannot be reached in time
   */
  public static int partitionCount(Admin admin, String topic, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      try {
        return admin.describeTopics(Set.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
            .get(topic).partitions().size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("cannot describe topic " + topic + " within " + timeoutMs + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing topic " + topic, e);
      }
      pause(100);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a topic", e);
    }
  }
}
