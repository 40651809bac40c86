package dev.memlog.projector.keys;

import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.ingest.event.KeysUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every data key of the keys topic, in memory, kept current by a {@link KeysTopicReader}, and the keys it has seen
 * tombstoned. A key an event names that is not held is never guessed to be gone: the vault first reads the keys
 * topic up to its end offsets of that moment. Since a client writes a key, acknowledged, before the first event
 * sealed with it, a key still missing then was shredded, and the event's content is gone, or, if the vault never
 * saw it at all, was never written: the event is refused ({@code UNKNOWN_KEY}). Compaction removes tombstones, so
 * a shredded key may later look never written; the read model is the same either way, because the forgetting that
 * shredded it comes later in the log and removes what the event left (docs/FORGETTING.md).
 */
public final class KeyVault implements SubjectKeys, AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KeyVault.class);
  private static final int MAX_SHREDDED_REMEMBERED = 1_000_000;

  private final String topic;
  private final Duration wait;
  private final KafkaProducer<byte[], byte[]> producer;
  private final ConcurrentSkipListMap<String, Held> keys = new ConcurrentSkipListMap<>();
  private final Set<String> shreddedKeys = ConcurrentHashMap.newKeySet();
  private final Counter missing;
  private final Counter shredded;
  private final Counter malformed;
  private final KeysTopicReader reader;

  /** A key and the partition of the keys topic it was read from, where its tombstone must go. */
  private record Held(DataKey key, int partition) {}

  private KeyVault(Map<String, Object> kafka, String topic, Duration wait, MeterRegistry meters) {
    this.topic = topic;
    this.wait = wait;
    this.missing = Counter.builder("memlog.keys.missing")
        .description("sealed events whose data key was shredded or never written").register(meters);
    this.shredded = Counter.builder("memlog.keys.shredded")
        .description("data keys deleted because their subject was forgotten").register(meters);
    this.malformed = Counter.builder("memlog.keys.malformed")
        .description("records of the keys topic that are not data keys, ignored").register(meters);
    Gauge.builder("memlog.keys.held", keys, Map::size).description("data keys held in memory").register(meters);
    this.reader = new KeysTopicReader(kafka, topic, wait, this::apply);
    this.producer = new KafkaProducer<>(producerConfig(kafka));
  }

  /**
   * Starts reading the keys topic in the background and returns at once.
   *
   * @param kafka Kafka client settings, with {@code bootstrap.servers}
   * @param topic the keys topic, which must exist
   * @param wait how long a lookup of an unknown key, or a shredding, may wait for the vault to catch up with the
   *     keys topic before it fails with {@link KeysUnavailableException}
   */
  public static KeyVault start(Map<String, Object> kafka, String topic, Duration wait, MeterRegistry meters) {
    var vault = new KeyVault(kafka, topic, wait, meters);
    vault.reader.start();
    return vault;
  }

  @Override
  public Optional<DataKey> find(String subject, String keyId) {
    var recordKey = DataKey.recordKey(subject, keyId);
    var held = keys.get(recordKey);
    if (held != null) {
      return Optional.of(held.key());
    }
    if (shreddedKeys.contains(recordKey)) {
      return Optional.empty();
    }
    reader.awaitCaughtUp();
    held = keys.get(recordKey);
    if (held != null) {
      return Optional.of(held.key());
    }
    missing.increment();
    if (shreddedKeys.contains(recordKey)) {
      LOGGER.atDebug().addKeyValue("key", recordKey).log("data key shredded: content gone");
      return Optional.empty();
    }
    throw new InvalidEventException(InvalidEventException.Reason.UNKNOWN_KEY, "the event is sealed with key "
        + keyId + " of " + subject + ", which " + topic + " has never held: it was not written before the event, "
        + "or not by memlog; republish the event in plain text or through a memlog client");
  }

  @Override
  public Optional<DataKey> current(String subject) {
    var prefix = subject + '/';
    return keys.subMap(prefix, prefix + Character.MAX_VALUE).values().stream().map(Held::key)
        .filter(key -> key.subject().equals(subject)).findFirst();
  }

  @Override
  public int shred(String subject) {
    reader.awaitCaughtUp();
    var prefix = subject + '/';
    var sent = new ArrayList<Future<RecordMetadata>>();
    var deleted = new ArrayList<String>();
    // the range also holds the keys of subjects whose id continues with '/...': only exact subjects are shredded
    for (var entry : keys.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
      if (DataKey.subjectOf(entry.getKey()).equals(subject)) {
        sent.add(producer.send(new ProducerRecord<>(topic, entry.getValue().partition(),
            entry.getKey().getBytes(StandardCharsets.UTF_8), null)));
        deleted.add(entry.getKey());
      }
    }
    for (var future : sent) {
      await(future);
    }
    deleted.forEach(recordKey -> {
      keys.remove(recordKey);
      rememberShredded(recordKey);
    });
    shredded.increment(deleted.size());
    if (!deleted.isEmpty()) {
      LOGGER.atInfo().addKeyValue("subject", subject).addKeyValue("keys", deleted.size()).log("data keys shredded");
    }
    return deleted.size();
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      malformed.increment();
      return;
    }
    var recordKey = new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      keys.remove(recordKey);
      rememberShredded(recordKey);
      return;
    }
    try {
      keys.put(recordKey, new Held(DataKey.fromRecord(record.key(), record.value()), record.partition()));
      shreddedKeys.remove(recordKey);
    } catch (IllegalArgumentException e) {
      malformed.increment();
      LOGGER.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
          .log("ignoring a record of the keys topic that is not a data key: " + e.getMessage());
    }
  }

  /**
   * Remembers a key seen tombstoned. Past the bound the memory starts again: a shredded key then looks never
   * written, which changes what its events' records are called (dead letters), not the read model.
   */
  private void rememberShredded(String recordKey) {
    if (shreddedKeys.size() >= MAX_SHREDDED_REMEMBERED) {
      shreddedKeys.clear();
    }
    shreddedKeys.add(recordKey);
  }

  private void await(Future<RecordMetadata> future) {
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new KeysUnavailableException("cannot delete a data key in " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeysUnavailableException("interrupted while deleting a data key in " + topic, e);
    }
  }

  @Override
  public void close() {
    reader.close();
    producer.close(Duration.ofSeconds(10));
  }

  private static Map<String, Object> producerConfig(Map<String, Object> kafka) {
    var config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }
}
