package dev.memlog.projector.stream;

import dev.memlog.ingest.event.EventKey;

import dev.memlog.projector.read.StoreNames;
import dev.memlog.projector.view.AppliedOffset;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.ReadConnections;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model of one partition of the events topic: an SQLite file (rows, FTS5 index, and the last offset
 * applied, written in the same transaction as the rows) in the state directory of the partition's task. Kafka
 * Streams owns it like any state store: it moves with the task, is kept warm on standbys, and is restored from the
 * events topic itself (the topic is the store's changelog, see {@link ProjectorTopology}): restoration hands the
 * raw records to {@link #restoreAll}, which runs the same fold as processing. The store manages its own offsets
 * (KIP-1035): {@link #committedOffset} is the offset SQLite holds, so a restore resumes exactly where the file is.
 *
 * <p>A task that keeps up commits its batch once its first event is a few tens of milliseconds old (the writer is
 * {@linkplain ProjectionWriter#live(boolean) live}), and at each of Kafka Streams' commits. A task that is behind
 * (its records come well after they were written, {@link #behind}) commits by size and a larger age only
 * ({@link dev.memlog.projector.sqlite.WriterSettings}): with a commit every few tens of milliseconds its batches
 * would hold a few dozen events each, every one paying for a commit, a new index segment and a refresh of every
 * view it touched; its records are held, decoded, and folded a run at a time ({@link #holding}). Kafka's committed
 * offset may then run ahead of the file's; after a crash or a close the restore replays the difference, since a
 * store whose changelog is the source topic is restored up to the group's committed offset.
 */
public final class ReadModelShard implements StateStore, BatchingStateRestoreCallback {

  private static final Logger LOGGER = LoggerFactory.getLogger(ReadModelShard.class);

  /** The file of a shard in its store directory. */
  public static final String FILE = "shard.db";

  private final ShardContext shared;
  private TopicPartition partition;
  private SqliteDatabase database;
  private ProjectionWriter writer;
  private ReadConnections reads;
  private ShardFold fold;
  private long nextRestoredOffset;
  private boolean behind;
  /** Whether the task holds records decoded and not yet folded ({@link #holding}). */
  private boolean holding;
  private volatile boolean open;

  ReadModelShard(ShardContext shared) {
    this.shared = shared;
  }

  @Override
  public String name() {
    return StoreNames.SQLITE;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    partition = new TopicPartition(shared.settings().eventsTopic(), context.taskId().partition());
    database = SqliteDatabase.open(directory(context.stateDir().toPath()).resolve(FILE));
    writer = ProjectionWriter.open(database, shared.writerSettings(), shared.meters(), shared.clock());
    fold = new ShardFold(partition, shared, writer);
    holding = false;
    context.register(root, this);
    open = true;
    shared.shards().opened(partition.partition(), new LocalShards.Shard(partition.partition(), database.file(),
        writer::appliedOffsets, writer::awaitApplied, this::reads, this::view));
    LOGGER.atInfo().addKeyValue("partition", partition.partition()).addKeyValue("appliedOffset",
        committedOffset(partition)).log("read-model shard opened");
  }

  /** The directory of the shard in a task's state directory. */
  public static Path directory(Path taskStateDir) {
    return taskStateDir.resolve(StoreNames.SQLITE);
  }

  /** Runs the fold over records the events topic hands over while restoring; dead letters were sent already. */
  @Override
  public void restoreAll(Collection<KeyValue<byte[], byte[]>> records) {
    // the public restore callback has no offsets: a restore reads the partition in order from the offset after
    // the one this file holds, so counting gives each record's offset, and commit(...) sets the exact last one
    if (nextRestoredOffset <= 0) {
      var applied = committedOffset(partition);
      nextRestoredOffset = applied == null ? 0 : applied + 1;
    }
    shared.shards().restoring();
    // a restore batches by size and age, and each of its commits must write the batch: the next restore counts
    // offsets from the file's
    writer.live(false);
    behind = false;
    long first = nextRestoredOffset;
    nextRestoredOffset += records.size();
    fold.restore(records instanceof List<KeyValue<byte[], byte[]>> list ? list : new ArrayList<>(records), first);
  }

  /** The partition of the events topic this shard holds. */
  TopicPartition partition() {
    return partition;
  }

  /** The writer of this shard; only the task's thread writes. */
  ProjectionWriter writer() {
    return writer;
  }

  /** The fold of this shard. */
  ShardFold fold() {
    return fold;
  }

  @Override
  public boolean managesOffsets() {
    return true;
  }

  @Override
  public Long committedOffset(TopicPartition changelog) {
    AppliedOffset applied = writer.appliedOffsets().get(changelog);
    return applied == null ? null : applied.lastOffset();
  }

  @Override
  public void commit(Map<TopicPartition, Long> offsets) {
    var consumed = offsets.get(partition);
    var applied = committedOffset(partition);
    if (consumed != null && consumed >= 0 && !holding && (applied == null || consumed > applied)) {
      // records up to there were handled without rows (skipped by a restore, or markers); not while the task
      // holds records it has not folded: the file then stays behind Kafka's committed offset, and a restore
      // after a crash folds them
      writer.markHandled(new Provenance(partition.topic(), partition.partition(), consumed));
    }
    if (behind) {
      writer.commitIfDue();
    } else {
      writer.commit();
    }
    nextRestoredOffset = 0;
  }

  /**
   * Whether the task holds records decoded and not yet folded ({@link ProjectProcessor}): a commit must not count
   * them handled.
   */
  void holding(boolean holding) {
    this.holding = holding;
  }

  /** Whether the task's last record came so long after it was written that the task is catching up. */
  void behind(boolean behind) {
    this.behind = behind;
    writer.live(!behind);
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    shared.shards().closed(partition.partition());
    if (reads != null) {
      reads.close();
    }
    writer.close();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private Optional<?> view(EventKey key) {
    return key.kind() == EventKey.Kind.CONVERSATION ? writer.summary(key.tenant(), key.id())
        : writer.entity(key.tenant(), key.id());
  }

  private synchronized ReadConnections reads() {
    if (reads == null) {
      reads = ReadConnections.open(database, 2, shared.meters());
    }
    return reads;
  }
}
