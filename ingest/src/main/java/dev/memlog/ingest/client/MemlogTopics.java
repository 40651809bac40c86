package dev.memlog.ingest.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;

/**
 * The topics memlog reads and writes, how they are created, and which partition an event key belongs to.
 *
 * <p>The events topic is the source of truth: it is created with unlimited retention and never compacted. Its
 * keys topic holds the data keys that seal event content; it is compacted, so that a shredded key (a tombstone)
 * leaves the broker's disk soon after its subject is forgotten.
 */
public final class MemlogTopics {

  /** The default name of the topic every event is published to. */
  public static final String EVENTS = "memlog.events";

  /** The default name of the topic that receives records the projector could not accept. */
  public static final String DEAD_LETTERS = "memlog.dead-letters";

  /** The name of the keys topic of the default events topic; see {@link #keysTopicOf(String)}. */
  public static final String KEYS = "memlog.keys";

  /** Partitions of the events topic when memlog creates it and nothing else is configured. */
  public static final int DEFAULT_PARTITIONS = 6;

  private static final Map<String, String> KEEP_FOREVER = Map.of(
      "retention.ms", "-1",
      "retention.bytes", "-1",
      "cleanup.policy", "delete");

  /**
   * The keys topic's settings, chosen for erasure: a tombstoned key's record becomes eligible for compaction at
   * once ({@code min.compaction.lag.ms=0}) and must be compacted within an hour ({@code max.compaction.lag.ms},
   * which also rolls the active segment, the one segment the cleaner never touches); tombstones themselves carry
   * no secret and are kept a day, so that a key vault reading behind still sees them.
   */
  static final Map<String, String> ERASABLE = Map.of(
      "cleanup.policy", "compact",
      "min.compaction.lag.ms", "0",
      "max.compaction.lag.ms", "3600000",
      "segment.ms", "3600000",
      "min.cleanable.dirty.ratio", "0.01",
      "delete.retention.ms", "86400000");

  private MemlogTopics() {}

  /**
   * The keys topic that goes with an events topic: {@value #KEYS} for {@value #EVENTS}, else the events topic's
   * name followed by {@code .keys}. A sealed event can only be opened with the keys of its own events topic.
   */
  public static String keysTopicOf(String eventsTopic) {
    return EVENTS.equals(eventsTopic) ? KEYS : eventsTopic + ".keys";
  }

  /** The settings the keys topic is created with (compacted, tuned for erasure); see docs/FORGETTING.md. */
  public static Map<String, String> keysTopicConfig() {
    return ERASABLE;
  }

  /**
   * Creates the keys topic if it is absent (compacted, {@link #keysTopicConfig()}); leaves an existing one as it is.
   *
   * @throws IllegalStateException if the cluster cannot be reached within {@code timeoutMs}
   */
  public static void ensureKeys(Admin admin, String keysTopic, int partitions, long timeoutMs) {
    create(admin, new NewTopic(keysTopic, partitions, (short) -1).configs(ERASABLE), timeoutMs);
  }

  /**
   * The partition Kafka's Java client picks for a key: murmur2 of the key bytes modulo the partition count.
   * memlog projects an event from this partition only; a record another partitioner put elsewhere is moved here.
   */
  public static int partitionFor(byte[] keyBytes, int partitions) {
    return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
  }

  /**
   * Checks that the keys topic exists and is compacted only. A keys topic with a delete policy (for instance
   * created by a broker's auto-creation) would lose its keys after its retention, and with them the content of
   * every event sealed with them: the projector would have to treat that content as shredded.
   *
   * @throws IllegalStateException if the topic is absent, not compacted, or also deletes by retention
   */
  public static void requireKeysTopic(Admin admin, String keysTopic, long timeoutMs) {
    var resource = new ConfigResource(ConfigResource.Type.TOPIC, keysTopic);
    long deadline = System.currentTimeMillis() + timeoutMs;
    String policy = null;
    while (policy == null) {
      policy = cleanupPolicy(admin, resource, timeoutMs, deadline);
      if (policy == null) {
        pause(100);
      }
    }
    if (!"compact".equals(policy)) {
      throw new IllegalStateException("the keys topic " + keysTopic + " has cleanup.policy=" + policy
          + "; it must be compact only, or its keys, and the content sealed with them, would be deleted by"
          + " retention (see docs/FORGETTING.md)");
    }
  }

  /** The topic's cleanup policy, or null if the topic is not known yet and there is time left to wait for it. */
  private static String cleanupPolicy(Admin admin, ConfigResource resource, long timeoutMs, long deadline) {
    var keysTopic = resource.name();
    try {
      return admin.describeConfigs(Set.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS).get(resource)
          .get("cleanup.policy").value();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException && System.currentTimeMillis() < deadline) {
        return null;
      }
      throw new IllegalStateException("the keys topic " + keysTopic + " cannot be described (create it with "
          + "MemlogTopics.ensureKeys or let the client create it): " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe the keys topic " + keysTopic + " within " + timeoutMs + " ms",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + keysTopic, e);
    }
  }

  /**
   * Creates the topics that are absent, with {@code partitions} partitions and unlimited retention; leaves
   * existing topics as they are.
   *
   * @throws IllegalStateException if the cluster cannot be reached within {@code timeoutMs}
   */
  public static void ensure(Admin admin, Set<String> topics, int partitions, long timeoutMs) {
    for (var topic : topics) {
      create(admin, new NewTopic(topic, partitions, (short) -1).configs(KEEP_FOREVER), timeoutMs);
    }
  }

  private static void create(Admin admin, NewTopic newTopic, long timeoutMs) {
    var topic = newTopic.name();
    try {
      admin.createTopics(Set.of(newTopic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
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
