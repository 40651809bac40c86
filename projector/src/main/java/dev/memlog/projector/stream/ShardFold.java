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
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

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

  /** Restores one raw record: decoded and folded, or marked handled if it was a dead letter or moved. */
  void restore(byte[] key, byte[] raw, Provenance from) {
    OpenedEvent opened;
    try {
      opened = raw == null ? null : decode(key, raw);
    } catch (InvalidEventException e) {
      opened = null;
    }
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
    var forgetting = event instanceof ConversationForgotten || event instanceof EntityForgotten;
    if (forgetting && home(event)) {
      // before the rows: if shredding fails, the forgetting is not in the batch the failed task commits on
      // close, so it is applied, and shredded, again; shredding twice is harmless (the copies other shards
      // apply shred nothing: the key's own shard did)
      keys.shred(event.key().text());
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
      keys.shred(event.key().text());
    }
  }
}
