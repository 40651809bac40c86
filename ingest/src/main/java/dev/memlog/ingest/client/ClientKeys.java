package dev.memlog.ingest.client;

import dev.memlog.ingest.event.DataKey;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The data keys one client seals with: one per subject, created on first use and written to the keys topic, and
 * acknowledged there (acks=all) before any event sealed with it is sent, so that a reader that does not find the
 * key of an event it reads knows the key was shredded. The most recently used keys are kept; a subject whose key
 * was evicted gets a new one, which is fine, since every sealed event names its key. The keys are written by a
 * producer of their own (owned, closed with this), which sends at once instead of lingering with the events.
 */
final class ClientKeys implements Closeable {

  static final int MAX_KEPT = 65_536;

  private final Producer<byte[], byte[]> producer;
  private final String keysTopic;
  private final Map<String, DataKey> kept = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, DataKey> eldest) {
      return size() > MAX_KEPT;
    }
  });

  ClientKeys(Producer<byte[], byte[]> producer, String keysTopic) {
    this.producer = producer;
    this.keysTopic = keysTopic;
  }

  /**
   * Creates the keys of the subjects that have none yet, all at once, and waits until they are acknowledged, so
   * that a batch of events of many new subjects waits for one round trip instead of one per subject.
   *
   * @throws KeyNotWrittenException if a key record could not be written
   */
  void prepare(Collection<String> subjects) {
    var created = new ArrayList<DataKey>();
    var sent = new ArrayList<Future<RecordMetadata>>();
    for (var subject : new LinkedHashSet<>(subjects)) {
      if (kept.get(subject) == null) {
        var key = DataKey.generate(subject);
        created.add(key);
        sent.add(producer.send(new ProducerRecord<>(keysTopic, key.recordKey().getBytes(StandardCharsets.UTF_8),
            key.recordValue())));
      }
    }
    for (int i = 0; i < sent.size(); i++) {
      await(sent.get(i), created.get(i).subject());
      kept.putIfAbsent(created.get(i).subject(), created.get(i));
    }
  }

  /**
   * The subject's key; the first call for a subject blocks until the new key is acknowledged.
   *
   * @throws KeyNotWrittenException if the key record could not be written
   */
  DataKey keyFor(String subject) {
    var key = kept.get(subject);
    if (key != null) {
      return key;
    }
    var created = DataKey.generate(subject);
    try {
      await(producer.send(new ProducerRecord<>(keysTopic, created.recordKey().getBytes(StandardCharsets.UTF_8),
          created.recordValue())), subject);
    } catch (KafkaException e) {
      throw new KeyNotWrittenException("cannot write a data key for " + subject + " to " + keysTopic, e);
    }
    // two threads may both have created a key for the subject: both keys are valid, keep the first one kept
    var raced = kept.putIfAbsent(subject, created);
    return raced != null ? raced : created;
  }

  /** Releases the keys' producer; every key was acknowledged before it was kept, so nothing is left to send. */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  private void await(Future<RecordMetadata> sent, String subject) {
    try {
      sent.get();
    } catch (ExecutionException e) {
      throw new KeyNotWrittenException("cannot write a data key for " + subject + " to " + keysTopic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyNotWrittenException("interrupted while writing a data key for " + subject, e);
    }
  }
}
