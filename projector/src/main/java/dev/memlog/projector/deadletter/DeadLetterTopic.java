package dev.memlog.projector.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the dead-letter topic with a short-lived consumer that belongs to no group (it assigns partitions and
 * commits nothing), so that listing dead letters changes nothing and works while nodes run.
 */
public final class DeadLetterTopic {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Map<String, Object> kafka;
  private final String topic;

  /**
   * @param kafka client settings, with at least {@code bootstrap.servers}
   * @param topic the dead-letter topic
   */
  public DeadLetterTopic(Map<String, ?> kafka, String topic) {
    this.kafka = new HashMap<>(kafka);
    this.topic = topic;
  }

  /**
   * The latest {@code limit} dead letters, oldest first; with a {@code reason}, the latest {@code limit} of that
   * reason (null: any reason).
   */
  public List<DeadLetter> list(int limit, String reason) {
    var found = new ArrayList<DeadLetter>();
    try (var consumer = consumer()) {
      var partitions = partitions(consumer);
      // assigned before the offsets are asked for: the answer for a partition not assigned is logged as a WARN
      consumer.assign(partitions);
      var ends = consumer.endOffsets(partitions);
      var begins = consumer.beginningOffsets(partitions);
      for (var partition : partitions) {
        long from = reason == null ? Math.max(begins.get(partition), ends.get(partition) - limit)
            : begins.get(partition);
        consumer.seek(partition, from);
      }
      readUntil(consumer, ends, record -> {
        var letter = DeadLetter.of(record);
        if (reason == null || reason.equalsIgnoreCase(letter.reason())) {
          found.add(letter);
        }
      });
    }
    found.sort(Comparator.comparing(DeadLetter::timestamp).thenComparing(DeadLetter::partition)
        .thenComparing(DeadLetter::offset));
    return List.copyOf(found.subList(Math.max(0, found.size() - limit), found.size()));
  }

  /** The dead letter at {@code partition}/{@code offset} of the dead-letter topic, with its raw key and value. */
  public Optional<ConsumerRecord<byte[], byte[]>> read(int partition, long offset) {
    try (var consumer = consumer()) {
      var at = new TopicPartition(topic, partition);
      if (!partitions(consumer).contains(at)) {
        return Optional.empty();
      }
      consumer.assign(List.of(at));
      long end = consumer.endOffsets(List.of(at)).get(at);
      if (offset < consumer.beginningOffsets(List.of(at)).get(at) || offset >= end) {
        return Optional.empty();
      }
      consumer.seek(at, offset);
      var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
      readUntil(consumer, Map.of(at, Math.min(end, offset + 1)), record -> {
        if (record.offset() == offset) {
          found.add(record);
        }
      });
      return found.stream().findFirst();
    }
  }

  private void readUntil(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot read " + topic + " to its end within " + PATIENCE);
      }
      for (var record : consumer.poll(POLL)) {
        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
          each.accept(record);
        }
      }
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    var info = consumer.partitionsFor(topic, PATIENCE);
    if (info == null || info.isEmpty()) {
      return List.of();
    }
    return info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    var config = new HashMap<>(kafka);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
