package dev.memlog.projector.stream;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.ConversationForgotten;
import dev.memlog.ingest.event.EntityForgotten;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.ingest.event.KeysUnavailableException;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.OpenedEvent;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;

/**
 * The fold of one shard: what an event read from the shard's partition does to its SQLite file. Processing and
 * restoring run the same fold, so a shard restored from the events topic equals one that processed it; only
 * processing sends dead letters and moves records to their key's partition (a restore skips those records, which
 * were handled when they were first processed).
 */
final class ShardFold {

  private final TopicPartition partition;
  private final int partitions;
  private final SubjectKeys keys;
  private final EventCodec codec;
  private final ProjectionWriter writer;

  ShardFold(TopicPartition partition, ShardContext shared, ProjectionWriter writer) {
    this.partition = partition;
    this.partitions = shared.settings().partitions();
    this.keys = shared.keys();
    this.codec = new EventCodec(shared.settings().maxEventBytes());
    this.writer = writer;
  }

  /**
   * Decodes a raw record and checks that its key, if it has one (an empty key counts as none), names the event's
   * own subject.
   *
   * @throws InvalidEventException if it is not a valid event, or its key names another subject (a dead letter)
   */
  OpenedEvent decode(byte[] key, byte[] raw) {
    var opened = decode(raw);
    if (key != null && key.length > 0 && !Arrays.equals(key, opened.event().key().bytes())) {
      throw new InvalidEventException(InvalidEventException.Reason.KEY_MISMATCH, "the record key '"
          + abbreviate(new String(key, StandardCharsets.UTF_8)) + "' is not the event's key '"
          + opened.event().key().text() + "'");
    }
    return opened;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  /**
   * Whether an event is applied by every shard it is found in, not only its key's: the forgetting of an entity,
   * whose relations and mentions live in the shards of other keys. Processing copies it from its key's partition
   * to every other one ({@link DecodeProcessor}); each shard deletes what it holds of the entity and records it
   * forgotten, so that no later relation or mention of it is kept there.
   */
  boolean spreads(MemoryEvent event) {
    return event instanceof EntityForgotten;
  }

  /** Whether an event belongs to this shard's partition (else processing moves it to its key's partition). */
  boolean home(MemoryEvent event) {
    return MemlogTopics.partitionFor(event.key().bytes(), partitions) == partition.partition();
  }

  /**
   * Decodes a raw record, opening sealed content with the node's keys.
   *
   * @throws InvalidEventException if it is not a valid event (a dead letter)
   */
  OpenedEvent decode(byte[] raw) {
    return codec.decode(raw, keys);
  }

  /**
   * Restores raw records read in order from the partition, the first at offset {@code firstOffset}, with the result
   * {@link #restore(byte[], byte[], Provenance)} of each in turn would have. They are decoded a run at a time and
   * the run then folded, instead of decoding and folding record by record, so that decoding and SQLite's writing
   * each find their code and data still in the CPU's caches: it halved a restoring thread's CPU per event
   * (BENCHMARKS.md). Each record is still decoded with the keys of the moment it is folded: a run ends at a record
   * whose fold {@linkplain #mayShred may shred} keys, and at a record that cannot be decoded now (keys unavailable),
   * which is then restored alone once every record before it is folded, so its exception leaves the shard as it
   * would one record after the other.
   */
  void restore(List<KeyValue<byte[], byte[]>> records, long firstOffset) {
    var run = new ArrayList<OpenedEvent>(records.size());
    int next = 0;
    while (next < records.size()) {
      decodeRun(records, next, run);
      if (run.isEmpty()) {
        var record = records.get(next);
        restore(record.key, record.value, provenance(firstOffset + next));
        next++;
        continue;
      }
      for (var opened : run) {
        restore(opened, provenance(firstOffset + next++));
      }
    }
  }

  /**
   * Decodes records from {@code from} into {@code run} (null for a dead letter), up to the first whose fold may
   * shred keys, and before the first record that cannot be decoded now for another reason than being invalid.
   */
  private void decodeRun(List<KeyValue<byte[], byte[]>> records, int from, List<OpenedEvent> run) {
    run.clear();
    for (int i = from; i < records.size(); i++) {
      var record = records.get(i);
      OpenedEvent opened;
      try {
        opened = record.value == null ? null : decode(record.key, record.value);
      } catch (InvalidEventException e) {
        opened = null;
      } catch (RuntimeException e) {
        return;
      }
      run.add(opened);
      if (opened != null && mayShred(opened.event())) {
        return;
      }
    }
  }

  /**
   * Whether folding an event may shred keys, which every record decoded after it is folded must see: a forgetting,
   * or an event of a forgotten subject (see {@link #apply}). Decoding depends on nothing else that a fold changes,
   * so records decoded together before any such event is folded decode as they would one after the other.
   */
  boolean mayShred(MemoryEvent event) {
    return forgets(event) || writer.forgotten(event.key());
  }

  private Provenance provenance(long offset) {
    return new Provenance(partition.topic(), partition.partition(), offset);
  }

  /** Restores one raw record: decoded and folded, or marked handled if it was a dead letter or moved. */
  void restore(byte[] key, byte[] raw, Provenance from) {
    OpenedEvent opened;
    try {
      opened = raw == null ? null : decode(key, raw);
    } catch (InvalidEventException e) {
      opened = null;
    }
    restore(opened, from);
  }

  /** Folds a decoded record, or marks it handled if it was a dead letter (null) or moved. */
  private void restore(OpenedEvent opened, Provenance from) {
    if (opened == null || !home(opened.event()) && !spreads(opened.event())) {
      writer.markHandled(from);
      return;
    }
    try {
      apply(opened.event(), opened.seal(), from);
    } catch (SqliteException | KeysUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // processing sent this record to the dead letters
      writer.markHandled(from);
    }
  }

  /**
   * Applies an event read from {@code from}, with how its content was sealed.
   *
   * @throws RuntimeException if the fold cannot apply it (a dead letter, when processing)
   */
  void apply(MemoryEvent event, OpenedEvent.Seal seal, Provenance from) {
    var fold = seal == OpenedEvent.Seal.SHREDDED ? ShreddedEvents.toFold(event) : List.of(event);
    var forgetting = forgets(event);
    if (forgetting && home(event)) {
      // before the rows: if shredding fails, the forgetting is not in the batch the failed task commits on
      // close, so it is applied, and shredded, again; shredding twice is harmless (the copies other shards
      // apply shred nothing: the key's own shard did)
      shred(event);
    }
    var changed = List.<EventKey>of();
    if (fold.isEmpty()) {
      writer.markHandled(from);
    } else {
      changed = writer.apply(fold, from);
    }
    if (!forgetting && seal == OpenedEvent.Seal.OPENED && changed.isEmpty() && writer.forgotten(event.key())) {
      // written after the forgetting with a key created since (a client that kept writing): ignored by the
      // fold, and shredded so that its content does not outlive the forgetting in the log
      shred(event);
    }
  }

  private static boolean forgets(MemoryEvent event) {
    return event instanceof ConversationForgotten || event instanceof EntityForgotten;
  }

  private void shred(MemoryEvent event) {
    keys.shred(event.key().text());
  }
}
