package dev.memlog.bench.projection;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain consumer that reads the events topic from the start and does nothing with the records: what Kafka alone
 * delivers on this machine, with the projector's fetch settings (read-committed, 2,000 records a poll).
 */
public final class KafkaCeiling {

  private KafkaCeiling() {}

  public static Throughput run(String bootstrapServers, String topic, Map<Integer, Long> lastOffsets) {
    var config = Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var partitions = lastOffsets.keySet().stream().map(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
    long expected = lastOffsets.values().stream().mapToLong(o -> o + 1).sum();
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long started = System.nanoTime();
      long read = 0;
      long bytes = 0;
      long deadline = started + Duration.ofMinutes(10).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          read++;
          bytes += record.value().length;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (bytes < 0 || read < expected) {
        throw new IllegalStateException("the Kafka ceiling read " + read + " of " + expected + " records");
      }
      return new Throughput(read, seconds, Double.NaN, Double.NaN);
    }
  }
}
