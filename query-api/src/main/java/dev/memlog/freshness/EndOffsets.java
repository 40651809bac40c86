package dev.memlog.freshness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end offsets of the events topic's partitions as the broker last confirmed them, and when it did: the one
 * owner of "what does the broker say", so that an answer never presents offsets it remembers as offsets it knows.
 */
public final class EndOffsets {

  private static final Logger LOGGER = LoggerFactory.getLogger(EndOffsets.class);

  private final Admin admin;
  private final String topic;
  private final int partitions;
  private final Duration timeout;
  private final Clock clock;
  private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
  private volatile Instant confirmedAt;

  /**
   * @param timeout how long one question to the broker may take
   */
  public EndOffsets(Admin admin, String topic, int partitions, Duration timeout, Clock clock) {
    this.admin = admin;
    this.topic = topic;
    this.partitions = partitions;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Asks the broker for every partition's end offset (read-committed); keeps the last answer when it fails. */
  void refresh() {
    var request = new HashMap<TopicPartition, OffsetSpec>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    var asked = clock.instant();
    try {
      admin.listOffsets(request, options(IsolationLevel.READ_COMMITTED)).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> committed.put(partition.partition(), info.offset()));
      confirmedAt = asked;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOGGER.atDebug().setCause(e).log("cannot read the end offsets");
    }
  }

  /** The partition's last known end offset (read-committed), 0 before the broker first answered. */
  public long end(int partition) {
    return committed.getOrDefault(partition, 0L);
  }

  /** When the broker last confirmed the end offsets; null if it never did. */
  public Instant confirmedAt() {
    return confirmedAt;
  }

  /** Seconds since the broker last confirmed the end offsets; NaN if it never did. */
  double ageSeconds() {
    var at = confirmedAt;
    return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
  }

  /** Whether the broker confirmed the end offsets at most {@code maxAge} ago. */
  public boolean confirmedWithin(Duration maxAge) {
    var at = confirmedAt;
    return at != null && !at.plus(maxAge).isBefore(clock.instant());
  }

  /**
   * Asks the broker now for the partition's high watermark: every record acknowledged to a producer with
   * {@code acks=all} is below it, whether or not its transaction has committed.
   *
   * @return the high watermark, or empty if the broker did not answer in time
   */
  public OptionalLong highWatermark(int partition) {
    var tp = new TopicPartition(topic, partition);
    try {
      var info = admin.listOffsets(Map.of(tp, OffsetSpec.latest()), options(IsolationLevel.READ_UNCOMMITTED))
          .partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return OptionalLong.of(info.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } catch (ExecutionException | TimeoutException e) {
      LOGGER.atDebug().setCause(e).addKeyValue("partition", partition).log("cannot read the high watermark");
      return OptionalLong.empty();
    }
  }

  private ListOffsetsOptions options(IsolationLevel isolation) {
    return new ListOffsetsOptions(isolation).timeoutMs((int) timeout.toMillis());
  }
}
