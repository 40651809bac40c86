package dev.memlog.projector.failure;

import dev.memlog.projector.sqlite.Provenance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Notices a partition whose stream thread keeps dying on the same record, which would otherwise be retried
 * forever while the node looks healthy. Kafka Streams' exception handlers say which record failed; the uncaught
 * exception handler says when a thread died. The first record of a partition that failed before a death is blamed
 * for it; blamed for {@code threshold} deaths in a row, it makes its partition stuck, until the partition's
 * committed offset passes it, a death on another record of that partition, or a fresh start of the projector.
 */
public final class StuckRecords {

  private final int threshold;
  private final Map<TopicPartition, Long> failedSinceLastDeath = new HashMap<>();
  private final Map<TopicPartition, StuckRecord> lastBlamed = new HashMap<>();

  public StuckRecords(int threshold, MeterRegistry meters) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    this.threshold = threshold;
    Gauge.builder("memlog.projector.stuck.partitions", this, records -> records.stuck().size())
        .description("partitions whose stream thread keeps dying on the same record").strongReference(true)
        .register(meters);
  }

  /** The record at {@code at} failed: its processing threw, or its dead letter could not be written. */
  public synchronized void failed(Provenance at) {
    failedSinceLastDeath.merge(new TopicPartition(at.topic(), at.partition()), at.offset(), Math::min);
  }

  /**
   * A stream thread died: the first record of each partition that failed since the last death is blamed for it.
   *
   * @return the records now blamed for at least {@code threshold} deaths in a row, whose partitions are stuck
   */
  public synchronized List<StuckRecord> threadDied() {
    var stuck = new ArrayList<StuckRecord>();
    failedSinceLastDeath.forEach((partition, offset) -> {
      var before = lastBlamed.get(partition);
      int deaths = before != null && before.offset() == offset ? before.deaths() + 1 : 1;
      var blamed = new StuckRecord(partition.topic(), partition.partition(), offset, deaths);
      lastBlamed.put(partition, blamed);
      if (deaths >= threshold) {
        stuck.add(blamed);
      }
    });
    failedSinceLastDeath.clear();
    return stuck;
  }

  /** The partitions stuck now, with the record each is stuck on. */
  public synchronized List<StuckRecord> stuck() {
    return lastBlamed.values().stream().filter(record -> record.deaths() >= threshold)
        .sorted(Comparator.comparing(StuckRecord::topic).thenComparingInt(StuckRecord::partition)).toList();
  }

  /**
   * The projector group's committed offsets: a partition committed past the record it was blamed on has moved on.
   *
   * @return the records whose partitions were stuck on them and are no longer
   */
  public synchronized List<StuckRecord> committed(Map<TopicPartition, Long> committedOffsets) {
    var movedOn = new ArrayList<StuckRecord>();
    lastBlamed.entrySet().removeIf(entry -> {
      var committed = committedOffsets.get(entry.getKey());
      boolean passed = committed != null && committed > entry.getValue().offset();
      if (passed && entry.getValue().deaths() >= threshold) {
        movedOn.add(entry.getValue());
      }
      return passed;
    });
    return movedOn;
  }

  /** Forgets every failure: the projector starts anew, and so does every partition's count. */
  public synchronized void reset() {
    failedSinceLastDeath.clear();
    lastBlamed.clear();
  }
}
