package dev.memlog.projector.deadletter;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts a dead letter back on the events topic, as it was or replaced by a fixed version, once it decodes as a
 * valid event. The record carries a {@value #REPLACES} header naming the dead letter it replaces, and goes to the
 * partition of its event's key, like any event the Java client publishes. Publishing it twice is harmless: the
 * projection of an event is idempotent by its content.
 */
public final class DeadLetterRepublisher {

  /** The header of a re-published record: {@code DEAD_LETTER_TOPIC/PARTITION@OFFSET} of the dead letter. */
  public static final String REPLACES = "memlog.dlq.replaces";

  private final Map<String, Object> kafka;
  private final String eventsTopic;
  private final int partitions;
  private final EventCodec codec;

  /**
   * @param kafka client settings, with at least {@code bootstrap.servers}
   * @param eventsTopic the topic to publish to
   * @param partitions the events topic's partition count
   * @param maxEventBytes the largest event the projector accepts
   */
  public DeadLetterRepublisher(Map<String, ?> kafka, String eventsTopic, int partitions, int maxEventBytes) {
    this.kafka = new HashMap<>(kafka);
    this.eventsTopic = eventsTopic;
    this.partitions = partitions;
    this.codec = new EventCodec(maxEventBytes);
  }

  /** Where the event was published. */
  public record Republished(String topic, int partition, long offset, String eventId, String type) {}

  /**
   * Validates {@code value} and publishes it in place of the dead letter at {@code partition} and {@code offset}
   * of {@code deadLetterTopic}.
   *
   * @throws InvalidEventException if {@code value} is still not a valid event (nothing is published)
   * @throws IllegalStateException if Kafka does not acknowledge the record
   */
  public Republished republish(String deadLetterTopic, int partition, long offset, byte[] value) {
    var event = codec.decode(value);
    var key = event.key().bytes();
    var record = new ProducerRecord<>(eventsTopic, MemlogTopics.partitionFor(key, partitions), key, value);
    record.headers().add(REPLACES, (deadLetterTopic + "/" + partition + "@" + offset)
        .getBytes(StandardCharsets.UTF_8));
    var config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1024 * 1024, value.length + 64 * 1024));
    try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      var written = producer.send(record).get(30, TimeUnit.SECONDS);
      return new Republished(written.topic(), written.partition(), written.offset(), event.eventId(), event.type());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish to " + eventsTopic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + eventsTopic, e);
    }
  }
}
