package dev.memlog.projector.keys;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.KeysUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the keys topic from the beginning (read_committed) on its own thread, handing each
 * record to the vault, and tells how far it has read, so that a lookup can wait until it has read everything
 * written before it asked.
 */
final class KeysTopicReader implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KeysTopicReader.class);

  private final String topic;
  private final Duration wait;
  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final Consumer<ConsumerRecord<byte[], byte[]>> apply;
  private final Object progress = new Object();
  private final Thread thread;
  private Map<TopicPartition, Long> positions = Map.of();
  private volatile boolean running = true;

  KeysTopicReader(Map<String, Object> kafka, String topic, Duration wait,
      Consumer<ConsumerRecord<byte[], byte[]>> apply) {
    this.topic = topic;
    this.wait = wait;
    this.apply = apply;
    this.admin = Admin.create(kafka);
    this.partitions = IntStream.range(0, MemlogTopics.partitionCount(admin, topic, wait.toMillis()))
        .mapToObj(p -> new TopicPartition(topic, p)).toList();
    this.consumer = new KafkaConsumer<>(consumerConfig(kafka));
    this.thread = new Thread(this::read, "memlog-key-vault");
    thread.setDaemon(true);
  }

  KeysTopicReader start() {
    thread.start();
    return this;
  }

  /**
   * Blocks until the reader has read the topic up to its end offsets (read_committed) of now.
   *
   * @throws KeysUnavailableException if the end offsets cannot be read, or not reached within the wait
   */
  void awaitCaughtUp() {
    var ends = endOffsets();
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (progress) {
      while (!reached(ends)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !running) {
          throw new KeysUnavailableException("the key vault did not read " + topic + " up to " + ends + " within "
              + wait + " (it is at " + positions + ")", null);
        }
        try {
          progress.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KeysUnavailableException("interrupted while waiting for the key vault", e);
        }
      }
    }
  }

  private Map<TopicPartition, Long> endOffsets() {
    try {
      var latest = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(wait.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new KeysUnavailableException("cannot read the end offsets of " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeysUnavailableException("interrupted while reading the end offsets of " + topic, e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
  }

  private void read() {
    try {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        try {
          readOnce();
        } catch (RetriableException e) {
          LOGGER.atWarn().addKeyValue("topic", topic).setCause(e).log("the key vault cannot read; retrying");
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (KafkaException e) {
      LOGGER.atError().setCause(e).log("the key vault stopped reading " + topic);
    } finally {
      running = false;
      synchronized (progress) {
        progress.notifyAll();
      }
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void readOnce() {
    for (var record : consumer.poll(Duration.ofMillis(200))) {
      apply.accept(record);
    }
    var now = new HashMap<TopicPartition, Long>();
    for (var partition : partitions) {
      now.put(partition, consumer.position(partition, wait));
    }
    synchronized (progress) {
      positions = now;
      progress.notifyAll();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(10));
  }

  private static Map<String, Object> consumerConfig(Map<String, Object> kafka) {
    var config = new HashMap<>(kafka);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }
}
