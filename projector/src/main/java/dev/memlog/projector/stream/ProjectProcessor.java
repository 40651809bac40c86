package dev.memlog.projector.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.KeysUnavailableException;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.StoreNames;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteException;
import dev.memlog.projector.sqlite.ViewStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an event to the task's read-model shard ({@link ShardFold}). The task's RocksDB views are the writer's
 * {@link ViewStore}: recomputed from the shard when the task starts, a slice of {@link #WARM_SLICE} at most every
 * {@link #WARM_EVERY} per stream thread, whichever of its tasks it is for, between records (so a large shard's
 * views do not hold up the records that arrive meanwhile; until they are all recomputed, hot lookups of the
 * partition are answered from the shard), then refreshed once per batch for the keys the batch touched. The
 * shard serves reads while this processor runs (the task is active). An event that the fold cannot apply for a
 * reason other than SQLite itself goes to the dead-letter topic; a SQLite failure stops the task, so that the batch
 * is retried from the last committed offset. Each record tells the shard whether the task is {@link #BEHIND}, so
 * that a catching-up shard commits by batch size and age, and a live one once its batch is a few tens of
 * milliseconds old (the writer's {@code liveBatchAge}); a punctuation as often commits the batch that no record
 * follows once it is that old. A task that is behind holds its records, decoded, and folds them a run at a time
 * ({@link #RUN}), as a restore does. While the task is idle, its upkeep ({@link #MERGE_EVERY}) merges the shard's
 * full-text index into one segment, a step at a time.
 */
final class ProjectProcessor implements Processor<String, Decoded, Object, Object> {

  static final String NAME = "project";

  /** How often the views of a starting task are recomputed, a slice at a time. */
  static final Duration WARM_EVERY = Duration.ofMillis(20);

  /** How long one slice of recomputing views may take. */
  static final Duration WARM_SLICE = Duration.ofMillis(10);

  /**
   * How long after its record's timestamp (the producer's send time) a record is processed when the task is
   * behind: its shard then commits by batch size and age, not at each of Kafka Streams' commits (see
   * {@link ReadModelShard}). Live records come within tens of milliseconds.
   */
  static final Duration BEHIND = Duration.ofSeconds(1);

  /**
   * The most records a task that is behind holds, decoded, before folding them together: decoding and folding
   * record by record evict each other's code and data from the CPU's caches, and a restore, which decodes a run
   * and then folds it, took half the CPU per event that way (BENCHMARKS.md). The run is folded at the latest by
   * the next check for due batches ({@code liveBatchAge} later) and before a live record.
   */
  static final int RUN = 256;

  /**
   * The most bytes of records (as read from the topic) a task holds: a run of large events is folded sooner, so
   * that what a task holds stays small beside the heap whatever the events' size (up to 1 MiB each by default).
   */
  static final int RUN_BYTES = 1 << 20;

  /** How long a task must have had no record before its shard's full-text index is merged. */
  static final Duration MERGE_AFTER_IDLE = Duration.ofSeconds(2);

  /** How often the task's upkeep runs: an idle task merges one step of its shard's full-text index. */
  static final Duration MERGE_EVERY = Duration.ofMillis(100);

  /**
   * The most pages one step of merging writes: on a 130k-message shard of the bench log, 38 steps of 100 pages
   * merged its 21 segments into one in 0.32 s, the longest step 54 ms.
   */
  static final int MERGE_PAGES = 100;

  /** When this stream thread last recomputed a slice of views, for any of its tasks (Kafka Streams' wall clock). */
  private static final ThreadLocal<long[]> LAST_SLICE = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});

  private static final Logger LOGGER = LoggerFactory.getLogger(ProjectProcessor.class);

  private final SealedViews views;
  private final LocalShards shards;
  private final DeadLetterCounters deadLetters;
  private final EventAge eventAge;
  private final Duration liveBatchAge;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> summaries;
  private KeyValueStore<String, byte[]> entities;
  private ReadModelShard shard;
  private ProjectionWriter writer;
  private ShardFold fold;
  private TopicPartition partition;
  private Cancellable warming;
  private Cancellable upkeep;
  private Cancellable committing;
  /** The records held while the task is behind, and their bytes as read. */
  private final List<Held> held = new ArrayList<>(RUN);
  private long heldBytes;
  /** When this task last had a record (Kafka Streams' wall clock). */
  private long lastRecordMs;
  /** Whether the shard's index is one segment, and no record came since. */
  private boolean merged;
  /** The steps of the merge under way, and when it began (System.nanoTime()). */
  private int mergeSteps;
  private long mergeStarted;

  ProjectProcessor(ShardContext shared, DeadLetterCounters deadLetters, EventAge eventAge) {
    this.deadLetters = deadLetters;
    this.eventAge = eventAge;
    this.views = new SealedViews(shared.keys());
    this.shards = shared.shards();
    this.liveBatchAge = shared.writerSettings().liveBatchAge();
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.shard = context.getStateStore(StoreNames.SQLITE);
    this.writer = shard.writer();
    this.fold = shard.fold();
    this.summaries = context.getStateStore(StoreNames.CONVERSATION_SUMMARIES);
    this.entities = context.getStateStore(StoreNames.ENTITIES);
    this.partition = shard.partition();
    held.clear();
    heldBytes = 0;
    shards.viewsWarming(partition.partition());
    writer.attachViews(partition, new TaskViews());
    shards.serving(partition.partition());
    if (!warmViews(context.currentSystemTimeMs())) {
      warming = context.schedule(WARM_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
        if (warmViews(now)) {
          warming.cancel();
        }
      });
    }
    lastRecordMs = context.currentSystemTimeMs();
    // the batch no record followed, once it is as old as a batch may be: live, a new event is visible within
    // about liveBatchAge (Kafka Streams' own commits come every second)
    committing = context.schedule(liveBatchAge, PunctuationType.WALL_CLOCK_TIME, now -> {
      foldHeld();
      writer.commitIfDue();
    });
    upkeep = context.schedule(MERGE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::mergeIndexWhenIdle);
  }

  /**
   * Merges a step of the shard's full-text index once the task has had no record for {@link #MERGE_AFTER_IDLE},
   * its views are warm and no shard of the node restored records for as long (a rebuild's other shards, or
   * standbys' updates, keep the cores), until the index is one segment: each commit that indexed rows added a
   * segment, and a search seeks each of its terms in every one (a 1M-event shard's searches took 9-33% less CPU
   * merged). A record waits for the step under way at most; the next record stops the merging until the task is
   * idle again.
   */
  private void mergeIndexWhenIdle(long nowMs) {
    if (merged || shards.warmingViews(partition.partition()) || nowMs - lastRecordMs < MERGE_AFTER_IDLE.toMillis()
        || shards.restoredWithin(MERGE_AFTER_IDLE)) {
      return;
    }
    if (mergeSteps == 0) {
      mergeStarted = System.nanoTime();
    }
    mergeSteps++;
    merged = !writer.mergeIndex(MERGE_PAGES);
    if (merged) {
      // at debug: a shard that is written in bursts merges after each one
      LOGGER.atDebug().addKeyValue("partition", partition.partition()).addKeyValue("steps", mergeSteps)
          .addKeyValue("seconds", (System.nanoTime() - mergeStarted) / 1e9).log("full-text index merged");
      mergeSteps = 0;
    }
  }

  /**
   * Recomputes a slice of the views, unless this thread started one for any task within {@link #WARM_EVERY} (so
   * warming takes at most half of a stream thread, however many tasks it runs); returns whether they are all
   * recomputed.
   */
  private boolean warmViews(long nowMs) {
    var last = LAST_SLICE.get();
    long since = nowMs - last[0];
    if (last[0] != Long.MIN_VALUE && since >= 0 && since < WARM_EVERY.toMillis()) {
      return false;
    }
    last[0] = nowMs;
    if (writer.warmViews(partition, WARM_SLICE) > 0) {
      return false;
    }
    shards.viewsWarm(partition.partition());
    return true;
  }

  @Override
  public void close() {
    if (warming != null) {
      warming.cancel();
    }
    committing.cancel();
    upkeep.cancel();
    // records still held are not folded here (a failed fold may have left them): the shard does not count them
    // handled (holding), so the task's next restore folds them from the topic
    shards.notServing(partition.partition());
    writer.detachViews(partition);
  }

  /**
   * Folds a decoded event into the shard, or marks its offset handled when it has nothing to fold (a null value: a
   * dead letter, or an event moved to its key's partition). A task that is {@link #BEHIND} holds its records and
   * folds them a run of {@link #RUN} records or {@link #RUN_BYTES} at a time; a live record, and one whose fold
   * may shred keys ({@link ShardFold#mayShred}), is folded at once, after those held.
   */
  @Override
  public void process(Record<String, Decoded> record) {
    var from = context.recordMetadata().orElseThrow();
    var provenance = new Provenance(from.topic(), from.partition(), from.offset());
    lastRecordMs = context.currentSystemTimeMs();
    merged = false;
    mergeSteps = 0;
    boolean behind = lastRecordMs - record.timestamp() >= BEHIND.toMillis();
    // a record whose fold may shred keys is folded at once, so that the records after it are decoded with the
    // keys they would have one record after the other
    boolean hold = behind && (record.value() == null || !fold.mayShred(record.value().event()));
    if (!hold) {
      // the records held first, with the writer still batching as behind, as they were read
      foldHeld();
      shard.behind(behind);
      project(record, provenance);
      return;
    }
    shard.behind(true);
    shard.holding(true);
    held.add(new Held(record, provenance));
    heldBytes += record.value() == null ? 0 : record.value().raw().length;
    if (held.size() >= RUN || heldBytes >= RUN_BYTES) {
      foldHeld();
    }
  }

  /**
   * Folds the records held, in order; after a SQLite failure the shard still holds them, for the restore, and the
   * failure names the held record ({@link HeldRecordFailedException}), which Kafka Streams' context does not.
   */
  private void foldHeld() {
    if (held.isEmpty()) {
      return;
    }
    for (var record : held) {
      try {
        project(record.record(), record.from());
      } catch (SqliteException | KeysUnavailableException e) {
        throw new HeldRecordFailedException(record.from(), e);
      }
    }
    held.clear();
    heldBytes = 0;
    shard.holding(false);
  }

  private void project(Record<String, Decoded> record, Provenance from) {
    if (record.value() == null) {
      writer.markHandled(from);
      return;
    }
    var event = record.value().event();
    try {
      fold.apply(event, record.value().seal(), from);
      eventAge.projected(record.timestamp());
    } catch (SqliteException | KeysUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      LOGGER.atWarn().addKeyValue("eventId", event.eventId()).setCause(e).log("event cannot be projected");
      context.forward(DeadLetters.of(context, new Record<>(
          record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), record.value().raw(), record.timestamp(),
          record.headers()), from, DeadLetterCounters.PROJECTION_FAILED, String.valueOf(e.getMessage())),
          DeadLetters.SINK);
      deadLetters.increment(DeadLetterCounters.PROJECTION_FAILED);
      writer.markHandled(from);
    }
  }

  /** A record held to be folded with the rest of its run, and where it was read. */
  private record Held(Record<String, Decoded> record, Provenance from) {}

  /** The task's two RocksDB stores, as the writer fills them. */
  private final class TaskViews implements ViewStore {
    @Override
    public void write(EventKey key, Optional<?> view) {
      var store = key.kind() == EventKey.Kind.CONVERSATION ? summaries : entities;
      if (view.isEmpty()) {
        store.delete(key.text());
        return;
      }
      try {
        var name = store == summaries ? StoreNames.CONVERSATION_SUMMARIES : StoreNames.ENTITIES;
        store.put(key.text(), views.seal(name, key.text(), EventCodec.mapper().writeValueAsBytes(view.get())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the view of " + key, e);
      }
    }

    @Override
    public void retainOnly(Set<EventKey> keys) {
      var live = new HashSet<String>();
      keys.forEach(key -> live.add(key.text()));
      for (var store : List.of(summaries, entities)) {
        var stale = new ArrayList<String>();
        try (var all = store.all()) {
          all.forEachRemaining(entry -> {
            if (!live.contains(entry.key)) {
              stale.add(entry.key);
            }
          });
        }
        stale.forEach(store::delete);
      }
    }
  }
}
