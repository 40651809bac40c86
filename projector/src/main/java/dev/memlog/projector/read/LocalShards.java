package dev.memlog.projector.read;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The read-model shards this node holds, by partition of the events topic. A shard is open while its store is
 * (restoring, standby or active) and serves reads while its task is active; a read of a key goes to the shard of
 * the key's partition, a search or a graph walk to every shard. A read that needs a partition this node does not
 * serve fails with {@link ReadUnavailableException}: an answer is never silently smaller. Thread-safe.
 */
public final class LocalShards {

  private final int partitions;
  private final ConcurrentMap<Integer, Shard> open = new ConcurrentHashMap<>();
  private final Set<Integer> serving = ConcurrentHashMap.newKeySet();

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
    shards.opened(0, new Shard(0, file, Map::of, (topic, offsets, timeout) -> false, () -> reads));
    shards.serving(0);
    return shards;
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
    open.remove(partition);
  }

  /** The task of an open shard became active: the shard serves reads. */
  public void serving(int partition) {
    serving.add(partition);
  }

  /** The task of a shard stopped being active. */
  public void notServing(int partition) {
    serving.remove(partition);
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

  /** The last offset committed to each open shard. */
  public Map<TopicPartition, AppliedOffset> appliedOffsets() {
    var all = new HashMap<TopicPartition, AppliedOffset>();
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
        var shard = open.get(wanted.getKey());
        if (shard != null && shard.awaiter().awaitApplied(topic, Map.of(wanted.getKey(), wanted.getValue()),
            Duration.ofNanos(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))))) {
          break;
        }
        if (deadline - System.nanoTime() <= 0) {
          return false;
        }
        if (shard == null) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
      }
    }
    return true;
  }

  /** The reads of the shard of {@code key}'s partition. */
  ReadConnections forKey(EventKey key) {
    return reads(partitionOf(key));
  }

  /** The reads of every shard, in partition order; fails unless this node serves every partition. */
  List<ReadConnections> all() {
    var all = new ArrayList<ReadConnections>(partitions);
    for (int partition = 0; partition < partitions; partition++) {
      all.add(reads(partition));
    }
    return all;
  }

  /** The reads of the shards that serve now, by partition: what a search that may be partial reads. */
  Map<Integer, ReadConnections> serving() {
    var served = new java.util.TreeMap<Integer, ReadConnections>();
    for (int partition : servedPartitions()) {
      var shard = open.get(partition);
      if (shard != null) {
        served.put(partition, shard.reads().get());
      }
    }
    return served;
  }

  private ReadConnections reads(int partition) {
    var shard = open.get(partition);
    if (shard == null || !serving.contains(partition)) {
      throw new ReadUnavailableException("partition " + partition + " is not served by this node now (it is "
          + (shard == null ? "not assigned here" : "being restored") + ")");
    }
    return shard.reads().get();
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
   */
  public record Shard(int partition, Path file, Supplier<Map<TopicPartition, AppliedOffset>> applied,
      Awaiter awaiter, Supplier<ReadConnections> reads) {}
}
