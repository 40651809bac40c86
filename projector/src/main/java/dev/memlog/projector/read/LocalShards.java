package dev.memlog.projector.read;

import dev.memlog.projector.view.AppliedOffset;

import dev.memlog.ingest.client.MemlogTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The read-model shards of a memory as this node reaches them, by partition of the events topic. A shard here is
 * open while its store is (restoring, standby or active) and serves reads while its task is active; the shard of
 * a partition another node serves is read through the {@link Router}, on that node. A read of a key goes to the
 * shard of the key's partition, a search or a graph walk to every shard. A read that needs a partition no node
 * serves now fails with {@link ReadUnavailableException}: an answer is never silently smaller. Thread-safe.
 */
public final class LocalShards {

  private final int partitions;
  private final ConcurrentMap<Integer, Shard> open = new ConcurrentHashMap<>();
  private final Set<Integer> serving = ConcurrentHashMap.newKeySet();
  private final Set<Integer> warmingViews = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<Integer, AppliedOffset> remoteApplied = new ConcurrentHashMap<>();
  /** When a shard of this node last restored records (System.nanoTime()), or null: never. */
  private volatile Long lastRestore;
  private volatile Router router = Router.NONE;
  private volatile String node = "this node";

  public LocalShards(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    this.partitions = partitions;
  }

  /**
   * Shards of one partition: the one file {@code reads} reads, served (a read model copied out of a node, or
   * built by a test).
   */
  public static LocalShards single(Path file, ReadConnections reads) {
    var shards = new LocalShards(1);
    shards.opened(0, new Shard(0, file, Map::of, (topic, offsets, timeout) -> false, () -> reads,
        key -> Optional.empty()));
    shards.serving(0);
    return shards;
  }

  /** Reads the shards other nodes serve through {@code router}. */
  public void route(Router router) {
    this.router = router;
  }

  /** Names this node in the answers it serves: the {@code host:port} other nodes reach it at. */
  public void node(String name) {
    this.node = name;
  }

  /** The name of this node in the answers it serves. */
  public String node() {
    return node;
  }

  /** A shard on another node said how far it is (with an answer it gave). */
  public void remoteApplied(String topic, int partition, long offset) {
    if (offset >= 0) {
      remoteApplied.put(partition, new AppliedOffset(topic, partition, offset, null));
    }
  }

  /** The partitions of the events topic. */
  public int partitions() {
    return partitions;
  }

  /** A shard's store opened. */
  public void opened(int partition, Shard shard) {
    open.put(partition, shard);
  }

  /** A shard's store closed. */
  public void closed(int partition) {
    serving.remove(partition);
    warmingViews.remove(partition);
    open.remove(partition);
  }

  /** A shard of this node restored records just now (a restoring task's, or a standby's). */
  public void restoring() {
    lastRestore = System.nanoTime();
  }

  /** Whether a shard of this node restored records within {@code period}: upkeep waits for the node's restores. */
  public boolean restoredWithin(Duration period) {
    var last = lastRestore;
    return last != null && System.nanoTime() - last < period.toNanos();
  }

  /** The task of an open shard became active: the shard serves reads. */
  public void serving(int partition) {
    serving.add(partition);
  }

  /** The task of a shard stopped being active. */
  public void notServing(int partition) {
    serving.remove(partition);
    warmingViews.remove(partition);
  }

  /**
   * The hot views of the partition are being recomputed from its shard (its task just started): until {@link
   * #viewsWarm} its hot lookups are answered from the shard itself, not from a RocksDB store that may lack views
   * or hold ones SQLite never committed.
   */
  public void viewsWarming(int partition) {
    warmingViews.add(partition);
  }

  /** The hot views of the partition are complete and current: hot lookups read its RocksDB stores again. */
  public void viewsWarm(int partition) {
    warmingViews.remove(partition);
  }

  /** Whether the hot views of the partition are still being recomputed; see {@link #viewsWarming}. */
  public boolean warmingViews(int partition) {
    return warmingViews.contains(partition);
  }

  /** The partition a key belongs to. */
  public int partitionOf(EventKey key) {
    return MemlogTopics.partitionFor(key.bytes(), partitions);
  }

  /** Whether the shard of the partition serves reads here now. */
  public boolean serves(int partition) {
    return serving.contains(partition) && open.containsKey(partition);
  }

  /** The partitions whose shards serve reads here now, in order. */
  public List<Integer> servedPartitions() {
    return serving.stream().sorted().toList();
  }

  /** The files of the shards that serve reads here, by partition. */
  public Map<Integer, Path> files() {
    var files = new java.util.TreeMap<Integer, Path>();
    for (int partition : servedPartitions()) {
      var shard = open.get(partition);
      if (shard != null) {
        files.put(partition, shard.file());
      }
    }
    return files;
  }

  /** The files of every shard open here, active or standby, by partition. */
  public Map<Integer, Path> heldFiles() {
    var files = new java.util.TreeMap<Integer, Path>();
    open.forEach((partition, shard) -> files.put(partition, shard.file()));
    return files;
  }

  /**
   * The last offset committed to the shard of the partition open here (active or standby), -1 before the first.
   *
   * @throws ReadUnavailableException if this node holds no shard of the partition now
   */
  public long appliedOffset(int partition) {
    var shard = open.get(partition);
    if (shard == null) {
      throw new ReadUnavailableException("this node holds no shard of partition " + partition + " now");
    }
    return shard.applied().get().values().stream().mapToLong(AppliedOffset::lastOffset).max().orElse(-1);
  }

  /**
   * The last offset committed to each shard open here, and for the shards of other nodes, the last offset their
   * answers reported.
   */
  public Map<TopicPartition, AppliedOffset> appliedOffsets() {
    var all = new HashMap<TopicPartition, AppliedOffset>();
    remoteApplied.forEach((partition, applied) -> {
      if (!open.containsKey(partition)) {
        all.put(new TopicPartition(applied.topic(), partition), applied);
      }
    });
    open.values().forEach(shard -> all.putAll(shard.applied().get()));
    return all;
  }

  /**
   * Waits until every given offset is committed to its shard here, or the timeout passes.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitApplied(String topic, Map<Integer, Long> offsets, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (var wanted : offsets.entrySet()) {
      while (true) {
        long left = deadline - System.nanoTime();
        // wait on the shard that will answer the read: this node's while it serves the partition, else the
        // serving node's (a shard open here that does not serve yet, or a standby, answers no read)
        var shard = serves(wanted.getKey()) ? open.get(wanted.getKey()) : null;
        var slice = Duration.ofNanos(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))));
        boolean applied = shard != null
            ? shard.awaiter().awaitApplied(topic, Map.of(wanted.getKey(), wanted.getValue()), slice)
            : router.awaitApplied(wanted.getKey(), wanted.getValue(), slice);
        if (applied) {
          break;
        }
        if (deadline - System.nanoTime() <= 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** The reads of the shard of {@code key}'s partition. */
  ShardReads forKey(EventKey key) {
    return reads(partitionOf(key));
  }

  /** The reads of every shard, in partition order; fails unless some node serves every partition. */
  List<ShardReads> all() {
    var all = new ArrayList<ShardReads>(partitions);
    for (int partition = 0; partition < partitions; partition++) {
      all.add(reads(partition));
    }
    return all;
  }

  /** The reads of the shards some node serves now, by partition: what a search that may be partial reads. */
  Map<Integer, ShardReads> serving() {
    var served = new java.util.TreeMap<Integer, ShardReads>();
    for (int partition = 0; partition < partitions; partition++) {
      int each = partition;
      if (serves(partition)) {
        served.put(partition, servedHere(partition));
      } else {
        router.remote(partition).ifPresent(reads -> served.put(each, reads));
      }
    }
    return served;
  }

  /**
   * The reads of the shard of {@code partition} on this node, never another (what a peer asks for).
   *
   * @throws ReadUnavailableException if this node does not serve the partition now
   */
  public ShardReads localReads(int partition) {
    var shard = open.get(partition);
    if (shard == null || !serving.contains(partition)) {
      throw new ReadUnavailableException("partition " + partition + " is not served by this node now (it is "
          + (shard == null ? "not assigned here" : "being restored") + ")");
    }
    return shard.reads().get();
  }

  /**
   * The reads of the shard of {@code partition} on this node whether its task is active or a standby (what a peer
   * asks for when the active one cannot answer).
   *
   * @throws ReadUnavailableException if this node holds no shard of the partition now
   */
  public ShardReads standbyReads(int partition) {
    var shard = open.get(partition);
    if (shard == null) {
      throw new ReadUnavailableException("this node holds no shard of partition " + partition + " now");
    }
    return shard.reads().get();
  }

  /**
   * The hot view of {@code key} (its JSON) computed from its shard on this node, active or standby (what a peer
   * asks for when the active node cannot answer, and what answers while the active shard's views are warming);
   * null if the shard has no such conversation or entity.
   *
   * @throws ReadUnavailableException if this node holds no shard of the key's partition now
   */
  public byte[] standbyView(EventKey key) {
    var shard = open.get(partitionOf(key));
    if (shard == null) {
      throw new ReadUnavailableException("this node holds no shard of partition " + partitionOf(key) + " now");
    }
    var view = shard.views().apply(key);
    try {
      return view.isEmpty() ? null : EventCodec.mapper().writeValueAsBytes(view.get());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the view of " + key, e);
    }
  }

  private ShardReads reads(int partition) {
    if (serves(partition)) {
      return servedHere(partition);
    }
    return router.remote(partition).orElseGet(() -> localReads(partition));
  }

  /** The reads of a shard this node serves, noted in the request's scope as served here. */
  private ShardReads servedHere(int partition) {
    var shard = open.get(partition);
    if (shard == null) {
      throw new ReadUnavailableException("partition " + partition + " stopped being served here");
    }
    var reads = shard.reads().get();
    noteServedHere(partition);
    return reads;
  }

  /** Notes in the request's scope that this node's active shard of the partition answers it. */
  public void noteServedHere(int partition) {
    ReadScope.current().served(partition, new ReadScope.Served(node, false, appliedOffset(partition)));
  }

  /** Reaches the shards of other nodes. */
  public interface Router {
    /** No other node: every shard is read here. */
    Router NONE = new Router() {
      @Override
      public java.util.Optional<ShardReads> remote(int partition) {
        return java.util.Optional.empty();
      }

      @Override
      public boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
        return false;
      }
    };

    /** The reads of the partition's shard on the node that serves it, if another node does. */
    java.util.Optional<ShardReads> remote(int partition);

    /**
     * Waits on the node that serves the partition until its shard applied {@code offset}.
     *
     * @return whether it did within {@code timeout} (false if no other node serves it)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException;
  }

  /** Waits for offsets of one shard to be committed. */
  @FunctionalInterface
  public interface Awaiter {
    boolean awaitApplied(String topic, Map<Integer, Long> offsets, Duration timeout) throws InterruptedException;
  }

  /**
   * An open shard.
   *
   * @param file its SQLite file
   * @param applied the last offset committed to it
   * @param awaiter waits for its offsets
   * @param reads its read connections, opened on first use
   * @param views the hot view of a key, computed from the shard's rows
   */
  public record Shard(int partition, Path file, Supplier<Map<TopicPartition, AppliedOffset>> applied,
      Awaiter awaiter, Supplier<ReadConnections> reads, Function<EventKey, Optional<?>> views) {}
}
