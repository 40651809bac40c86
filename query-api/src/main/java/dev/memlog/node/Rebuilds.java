package dev.memlog.node;

import dev.memlog.projector.view.AppliedOffset;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions are being rebuilt, and how far their replay is. A partition is rebuilt once its shard's applied
 * offset + 1 — or, once the shard has finished restoring and serves, the projector group's committed offset —
 * reaches the end offset the rebuild started with. (Committed offsets, not applied ones alone: a partition that
 * ends in a transaction marker is never "applied" to its end; but a shard restores up to the committed offset, so
 * that offset says nothing until the restore is over.)
 */
public final class Rebuilds implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Rebuilds.class);

  private final Admin admin;
  private final String groupId;
  private final String topic;
  private final Supplier<Map<TopicPartition, AppliedOffset>> applied;
  private final IntPredicate serving;
  private final Map<Integer, Target> targets = new ConcurrentHashMap<>();
  private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    var thread = new Thread(runnable, "memlog-rebuilds");
    thread.setDaemon(true);
    return thread;
  });

  /** The end offset to replay to; committed offsets read before {@code generation} began are not trusted. */
  private record Target(long endOffset, long generation) {}

  Rebuilds(Admin admin, String groupId, String topic, Supplier<Map<TopicPartition, AppliedOffset>> applied,
      IntPredicate serving, MeterRegistry meters) {
    this.serving = serving;
    this.admin = admin;
    this.groupId = groupId;
    this.topic = topic;
    this.applied = applied;
    Gauge.builder("memlog.rebuild.remaining.records", this::remaining)
        .description("records a running rebuild still has to replay").register(meters);
  }

  Rebuilds start(long periodMillis) {
    scheduler.scheduleWithFixedDelay(this::refresh, 0, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Marks the partitions rebuilding until their replay reaches the given end offsets. */
  public void track(Map<Integer, Long> endOffsets) {
    long current = generation.incrementAndGet();
    endOffsets.forEach((partition, end) -> {
      committed.remove(partition);
      targets.put(partition, new Target(end, current));
    });
  }

  /** Whether the partition is being rebuilt. */
  public boolean rebuilding(int partition) {
    return targets.containsKey(partition);
  }

  /** Whether any partition is being rebuilt. */
  public boolean active() {
    return !targets.isEmpty();
  }

  /** Records still to replay over every partition being rebuilt. */
  public long remaining() {
    long remaining = 0;
    for (var entry : targets.entrySet()) {
      remaining += Math.max(0, entry.getValue().endOffset() - position(entry.getKey()));
    }
    return remaining;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private long position(int partition) {
    var offset = applied.get().get(new TopicPartition(topic, partition));
    long appliedNext = offset == null ? 0 : offset.lastOffset() + 1;
    return serving.test(partition) ? Math.max(appliedNext, committed.getOrDefault(partition, 0L)) : appliedNext;
  }

  private void refresh() {
    if (targets.isEmpty()) {
      return;
    }
    long seen = generation.get();
    try {
      var offsets = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
          .get(5, TimeUnit.SECONDS);
      offsets.forEach((partition, offset) -> {
        var target = targets.get(partition.partition());
        if (offset != null && partition.topic().equals(topic) && target != null && target.generation() <= seen) {
          committed.put(partition.partition(), offset.offset());
        }
      });
      targets.entrySet().removeIf(entry -> {
        // and its shard serves: a restore can reach the end offset a moment before the task runs
        boolean done = entry.getValue().generation() <= seen && serving.test(entry.getKey())
            && position(entry.getKey()) >= entry.getValue().endOffset();
        if (done) {
          LOGGER.atInfo().addKeyValue("partition", entry.getKey()).addKeyValue("endOffset", entry.getValue().endOffset())
              .log("partition rebuilt");
        }
        return done;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOGGER.atDebug().setCause(e).log("cannot read the projector group's offsets");
    }
  }
}
