package dev.memlog.projector.sqlite;

import dev.memlog.ingest.event.ConversationForgotten;
import dev.memlog.ingest.event.EntityForgotten;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.MessageRedacted;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.projector.view.AppliedOffset;
import dev.memlog.projector.view.ConversationSummary;
import dev.memlog.projector.view.EntityView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite writer of one read-model shard. Events go into one open transaction, which commits by size, by age
 * (short while the writer is {@linkplain #live(boolean) live}), or when asked to; the last applied offset of the
 * partition is written in the same transaction, so a record at or below it is never applied twice. Thread-safe (the
 * task's thread writes, readers wait on it).
 */
public final class ProjectionWriter implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(ProjectionWriter.class);
  private static final String STATEMENTS = "dev/memlog/projector/sqlite/projection.sql";

  private final Connection connection;
  private final PreparedStatements sql;
  private final FtsIndex fts;
  private final EventApplier applier;
  private final HotViews views;
  private final WriterSettings settings;
  private final Clock clock;
  private final Map<TopicPartition, AppliedOffset> committed = new HashMap<>();
  private final Map<TopicPartition, AppliedOffset> pending = new HashMap<>();
  private final Map<TopicPartition, ViewStore> viewStores = new HashMap<>();
  private final Map<TopicPartition, Set<EventKey>> dirty = new HashMap<>();
  private final Map<TopicPartition, Warming> warming = new HashMap<>();
  private volatile Map<TopicPartition, AppliedOffset> committedView = Map.of();
  private final Object progress = new Object();
  private int batchEvents;
  /** Whether the open batch removes content (a forgetting or a redaction): its commit checkpoints the WAL. */
  private boolean erasing;
  private Instant batchStarted;
  /** Whether events arrive as they are written: the batch then commits at {@code liveBatchAge}. */
  private boolean live;

  private final Counter applied;
  private final Counter skipped;
  private final DistributionSummary batchSize;
  private final Timer commitTime;
  private final Timer viewRefresh;
  private final Timer indexMerge;

  private ProjectionWriter(Connection connection, WriterSettings settings, MeterRegistry meters, Clock clock) {
    this.connection = connection;
    this.sql = new PreparedStatements(connection, SqlStatements.load(STATEMENTS));
    this.fts = new FtsIndex(sql);
    this.applier = new EventApplier(sql, fts);
    this.views = new HotViews(sql, settings.summaryMessages());
    this.settings = settings;
    this.clock = clock;
    this.applied = appliedCounter(meters);
    this.skipped = skippedCounter(meters);
    this.batchSize = DistributionSummary.builder("memlog.projector.batch.events")
        .description("events per SQLite transaction").publishPercentileHistogram().register(meters);
    this.commitTime = Timer.builder("memlog.projector.commit")
        .description("time to commit one SQLite transaction").publishPercentileHistogram().register(meters);
    this.viewRefresh = Timer.builder("memlog.projector.view.refresh")
        .description("time to refresh the hot views a batch touched, before it commits")
        .publishPercentileHistogram().register(meters);
    this.indexMerge = Timer.builder("memlog.projector.index.merge")
        .description("time of one step of merging an idle shard's full-text index toward one segment")
        .publishPercentileHistogram().register(meters);
  }

  /**
   * Registers the writers' counters, at 0, before any shard opens a writer (a node may serve no shard for a
   * while), so that a rate over them has a series from the start.
   */
  public static void registerCounters(MeterRegistry meters) {
    appliedCounter(meters);
    skippedCounter(meters);
  }

  private static Counter appliedCounter(MeterRegistry meters) {
    return Counter.builder("memlog.projector.events.applied")
        .description("events applied to the SQLite read model").register(meters);
  }

  private static Counter skippedCounter(MeterRegistry meters) {
    return Counter.builder("memlog.projector.events.already.applied")
        .description("records skipped because their offset was already applied (re-delivery after a crash)")
        .register(meters);
  }

  /** A writer on the database, with the offsets already applied loaded from it. */
  public static ProjectionWriter open(SqliteDatabase database, WriterSettings settings, MeterRegistry meters,
      Clock clock) {
    try {
      var writer = new ProjectionWriter(database.openWriter(), settings, meters, clock);
      writer.loadCommittedOffsets();
      return writer;
    } catch (SQLException e) {
      throw new SqliteException("cannot open the writer on " + database.file(), e);
    }
  }

  /**
   * Applies an event read from {@code from}, unless that offset is already applied, and returns the keys whose
   * hot views it changed. When a {@link ViewStore} is attached for the partition, those views are written to it
   * before the batch commits.
   */
  public synchronized List<EventKey> apply(MemoryEvent event, Provenance from) {
    return apply(List.of(event), from);
  }

  /**
   * Applies, in order, the events that one record read from {@code from} stands for (an event whose sealed
   * content is gone may stand for two), unless that offset is already applied; see {@link #apply(MemoryEvent,
   * Provenance)}.
   */
  public synchronized List<EventKey> apply(List<MemoryEvent> events, Provenance from) {
    var event = events.get(0);
    var partition = new TopicPartition(from.topic(), from.partition());
    if (alreadyApplied(partition, from.offset())) {
      skipped.increment();
      return List.of();
    }
    try {
      var keys = new java.util.LinkedHashSet<EventKey>();
      for (var each : events) {
        erasing |= each instanceof ConversationForgotten || each instanceof EntityForgotten
            || each instanceof MessageRedacted;
        keys.addAll(applier.apply(each, from));
      }
      if (!keys.isEmpty() && viewStores.containsKey(partition)) {
        dirty.computeIfAbsent(partition, p -> new HashSet<>()).addAll(keys);
      }
      advance(partition, from.offset(), event.occurredAt());
      applied.increment();
      return List.copyOf(keys);
    } catch (SQLException e) {
      rollback();
      throw new SqliteException("cannot apply event " + event.eventId() + " from " + from, e);
    }
  }

  /** Records that {@code from} was handled without rows (a dead letter, a record moved to its partition). */
  public synchronized void markHandled(Provenance from) {
    var partition = new TopicPartition(from.topic(), from.partition());
    if (!alreadyApplied(partition, from.offset())) {
      advance(partition, from.offset(), null);
    }
  }

  /** Commits the open transaction, if any, with the offsets it applied. */
  public synchronized void commit() {
    if (pending.isEmpty()) {
      return;
    }
    var sample = Timer.start();
    try {
      refreshViews();
      for (var offset : pending.values()) {
        sql.update("record-offset", offset.topic(), offset.partition(), offset.lastOffset(),
            offset.lastEventAt() == null ? null : Micros.of(offset.lastEventAt()));
      }
      fts.beforeCommit();
      connection.commit();
      if (erasing) {
        checkpoint();
      }
    } catch (SQLException e) {
      rollback();
      throw new SqliteException("cannot commit a batch of " + batchEvents + " events", e);
    }
    sample.stop(commitTime);
    batchSize.record(batchEvents);
    LOGGER.atDebug().addKeyValue("events", batchEvents).log("batch committed");
    committed.putAll(pending);
    committedView = Map.copyOf(committed);
    synchronized (progress) {
      progress.notifyAll();
    }
    pending.clear();
    batchEvents = 0;
    batchStarted = null;
  }

  /**
   * Commits the open batch if it is as old as a batch may be ({@link #live(boolean)}): what keeps a batch that no
   * more records follow from waiting.
   */
  public synchronized void commitIfDue() {
    if (due()) {
      commit();
    }
  }

  /**
   * Merges one step of the full-text index toward a single segment, writing at most {@code pages} pages, in a
   * transaction of its own; returns whether more is left to merge. An idle shard's upkeep: while a batch is open
   * it merges nothing and returns true. Merging changes neither what the index finds nor how it ranks it, and
   * drops the entries of deleted rows from the file.
   */
  public synchronized boolean mergeIndex(int pages) {
    if (!pending.isEmpty()) {
      return true;
    }
    var sample = Timer.start();
    try {
      long before = totalChanges();
      sql.update("fts-merge", -pages);
      long changes = totalChanges() - before;
      connection.commit();
      sample.stop(indexMerge);
      return changes >= 2;
    } catch (SQLException e) {
      rollback();
      throw new SqliteException("cannot merge the full-text index", e);
    }
  }

  private long totalChanges() throws SQLException {
    try (var rows = sql.bind("total-changes").executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Makes {@code store} the hot views of {@code partition}: deletes the views it holds of anything the partition's
   * rows do not hold, queues the view of every conversation and entity they do hold to be recomputed ({@link
   * #warmViews}), and from then on refreshes the views each batch touches just before it commits. The views are a
   * cache of SQLite: a task calls this when it starts, whatever its RocksDB stores kept (they have no changelog
   * and may have lost writes in a crash). Until the queue is empty the store may lack views or hold ones SQLite
   * never committed, so hot lookups of the partition must be answered from SQLite meanwhile.
   */
  public synchronized void attachViews(TopicPartition partition, ViewStore store) {
    var keys = new HashSet<EventKey>();
    try {
      collectKeys("conversations-of-partition", partition, EventKey::conversation, keys);
      collectKeys("entities-of-partition", partition, EventKey::entity, keys);
    } catch (SQLException e) {
      throw new SqliteException("cannot read the hot views of " + partition, e);
    }
    store.retainOnly(keys);
    viewStores.put(partition, store);
    dirty.remove(partition);
    warming.put(partition, new Warming(new ArrayDeque<>(keys), System.nanoTime()));
  }

  /**
   * Recomputes queued views of {@code partition} (see {@link #attachViews}) for about {@code budget}, at least
   * one, and returns how many are still queued. The task calls it between records, so that recomputing the views
   * of a large shard does not hold up the records that arrive meanwhile.
   */
  public int warmViews(TopicPartition partition, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    while (true) {
      synchronized (this) {
        var queued = warming.get(partition);
        if (queued == null) {
          return 0;
        }
        var key = queued.keys().poll();
        if (key != null) {
          try {
            viewStores.get(partition).write(key, view(key));
          } catch (SQLException e) {
            throw new SqliteException("cannot recompute the hot view of " + key, e);
          }
        }
        if (queued.keys().isEmpty()) {
          warming.remove(partition);
          long nanos = System.nanoTime() - queued.started();
          LOGGER.atInfo().addKeyValue("partition", partition).addKeyValue("views", queued.total())
              .addKeyValue("ms", TimeUnit.NANOSECONDS.toMillis(nanos)).log("hot views recomputed");
          return 0;
        }
        if (System.nanoTime() - deadline >= 0) {
          return queued.keys().size();
        }
      }
    }
  }

  /** The views of a partition still to recompute since its task started. */
  private record Warming(ArrayDeque<EventKey> keys, int total, long started) {
    Warming(ArrayDeque<EventKey> keys, long started) {
      this(keys, keys.size(), started);
    }
  }

  /** Stops writing the views of {@code partition} (its task closed). */
  public synchronized void detachViews(TopicPartition partition) {
    viewStores.remove(partition);
    dirty.remove(partition);
    warming.remove(partition);
  }

  /** The summary of a conversation as the open transaction sees it; empty once forgotten or before any event. */
  public synchronized Optional<ConversationSummary> summary(String tenant, String conversationId) {
    try {
      return views.summary(tenant, conversationId);
    } catch (SQLException e) {
      throw new SqliteException("cannot read the summary of " + tenant + "/" + conversationId, e);
    }
  }

  /** Whether the conversation or entity is forgotten, as the open transaction sees it. */
  public synchronized boolean forgotten(EventKey key) {
    return applier.forgotten(key);
  }

  /** An entity as the open transaction sees it; empty when absent or forgotten. */
  public synchronized Optional<EntityView> entity(String tenant, String entityId) {
    try {
      return views.entity(tenant, entityId);
    } catch (SQLException e) {
      throw new SqliteException("cannot read entity " + tenant + "/" + entityId, e);
    }
  }

  /**
   * Waits until every given offset is committed to SQLite, or the timeout passes.
   *
   * @param topic the input topic
   * @param offsets the offsets to wait for, by partition of the topic
   * @return whether they were all committed in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitApplied(String topic, Map<Integer, Long> offsets, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!applied(topic, offsets)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  private boolean applied(String topic, Map<Integer, Long> offsets) {
    var view = committedView;
    return offsets.entrySet().stream().allMatch(e -> {
      var applied = view.get(new TopicPartition(topic, e.getKey()));
      return applied != null && applied.lastOffset() >= e.getValue();
    });
  }

  /** The last offset committed to SQLite per input partition. */
  public Map<TopicPartition, AppliedOffset> appliedOffsets() {
    return committedView;
  }

  @Override
  public synchronized void close() {
    try {
      commit();
      sql.close();
      connection.close();
    } catch (SQLException e) {
      throw new SqliteException("cannot close the writer", e);
    }
  }

  private void refreshViews() throws SQLException {
    if (dirty.isEmpty()) {
      return;
    }
    var sample = Timer.start();
    for (var touched : dirty.entrySet()) {
      var store = viewStores.get(touched.getKey());
      for (var key : touched.getValue()) {
        store.write(key, view(key));
      }
    }
    dirty.clear();
    sample.stop(viewRefresh);
  }

  private Optional<?> view(EventKey key) throws SQLException {
    return key.kind() == EventKey.Kind.CONVERSATION ? views.summary(key.tenant(), key.id())
        : views.entity(key.tenant(), key.id());
  }

  private void collectKeys(String statement, TopicPartition partition,
      java.util.function.BiFunction<String, String, EventKey> key, Set<EventKey> keys) throws SQLException {
    try (var rows = sql.bind(statement, partition.topic(), partition.partition()).executeQuery()) {
      while (rows.next()) {
        keys.add(key.apply(rows.getString(1), rows.getString(2)));
      }
    }
  }

  private boolean alreadyApplied(TopicPartition partition, long offset) {
    var last = pending.getOrDefault(partition, committed.get(partition));
    return last != null && offset <= last.lastOffset();
  }

  private void advance(TopicPartition partition, long offset, Instant eventAt) {
    var previous = pending.getOrDefault(partition, committed.get(partition));
    var lastEventAt = eventAt != null ? eventAt : previous == null ? null : previous.lastEventAt();
    pending.put(partition, new AppliedOffset(partition.topic(), partition.partition(), offset, lastEventAt));
    if (batchStarted == null) {
      batchStarted = clock.instant();
    }
    batchEvents++;
    if (batchEvents >= settings.maxBatchEvents() || due()) {
      commit();
    }
  }

  /**
   * Whether the events come as they are written (a task that keeps up), so that the open batch commits once its
   * first event is {@code liveBatchAge} old, for them to be visible within about that long; otherwise (a restore,
   * a task catching up, a writer fed in bulk; the default) at {@code maxBatchAge}, so that batches stay large.
   */
  public synchronized void live(boolean live) {
    this.live = live;
  }

  /** Whether the open batch's first event came {@code liveBatchAge} (not live: {@code maxBatchAge}) ago or more. */
  private boolean due() {
    var age = live ? settings.liveBatchAge() : settings.maxBatchAge();
    return batchStarted != null && !clock.instant().isBefore(batchStarted.plus(age));
  }

  /**
   * Copies the WAL into the database file and empties it, so that content a committed forgetting or redaction
   * removed (overwritten in the file: secure_delete) does not stay in the WAL's old pages until a later checkpoint.
   */
  private void checkpoint() throws SQLException {
    erasing = false;
    try (var statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    connection.commit();
  }

  /**
   * Rolls the open transaction back and reads what the applier keeps in memory again, even when the rollback
   * itself fails (SQLite may have rolled back already): a tenant's range given in the failed transaction must not
   * outlive it in memory.
   */
  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOGGER.atError().setCause(e).log("rollback failed");
    }
    fts.rolledBack();
    try {
      applier.load();
    } catch (SQLException e) {
      LOGGER.atError().setCause(e).log("reading the forgotten set and the tenants' ranges again failed");
    }
    pending.clear();
    dirty.clear();
    erasing = false;
    batchEvents = 0;
    batchStarted = null;
  }

  private void loadCommittedOffsets() throws SQLException {
    try (var rows = sql.bind("applied-offsets").executeQuery()) {
      while (rows.next()) {
        var lastEventAt = rows.getObject(4) == null ? null : Micros.toInstant(rows.getLong(4));
        var offset = new AppliedOffset(rows.getString(1), rows.getInt(2), rows.getLong(3), lastEventAt);
        committed.put(new TopicPartition(offset.topic(), offset.partition()), offset);
      }
    }
    applier.load();
    connection.commit();
    committedView = Map.copyOf(committed);
  }
}
