package dev.memlog.freshness;

import dev.memlog.projector.view.AppliedOffset;
import dev.memlog.projector.read.ReadScope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows how far the read model is behind each partition of the events topic. Every half second it has the
 * partitions' end offsets confirmed by the broker and reads the projector consumer's own lag; the read model's
 * applied offsets come from the shards.
 *
 * <p>The lag of a partition is its end offset (read-committed) minus the applied offset minus one: the records
 * written and not yet applied. One exception: a gap of one record while the projector's consumer has nothing
 * left to fetch is a transaction marker (markers take an offset but are never applied), and counts as 0. The
 * consumer's own lag alone would be too low: it counts records fetched, not records applied. When the broker has
 * not confirmed the end offsets for longer than {@code maxAge}, the lag is unknown (null), never the lag against
 * the offsets last seen.
 */
public final class FreshnessTracker implements FreshnessView, AutoCloseable {

  private final EndOffsets ends;
  private final Duration maxAge;
  private final String topic;
  private final int partitions;
  private final Supplier<Map<TopicPartition, AppliedOffset>> applied;
  private final Supplier<Map<MetricName, ? extends Metric>> consumerMetrics;
  private final IntPredicate rebuilding;
  private final Map<Integer, Long> consumerLag = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    var thread = new Thread(runnable, "memlog-freshness");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param maxAge how old the broker's last confirmation of the end offsets may be for a lag to be known
   */
  public FreshnessTracker(EndOffsets ends, Duration maxAge, String topic, int partitions,
      Supplier<Map<TopicPartition, AppliedOffset>> applied,
      Supplier<Map<MetricName, ? extends Metric>> consumerMetrics, IntPredicate rebuilding, MeterRegistry meters) {
    this.ends = ends;
    this.maxAge = maxAge;
    this.topic = topic;
    this.partitions = partitions;
    this.applied = applied;
    this.consumerMetrics = consumerMetrics;
    this.rebuilding = rebuilding;
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      Gauge.builder("memlog.partition.lag", () -> {
        var lag = partition(partition).lag();
        return lag == null ? Double.NaN : lag;
      }).tag("partition", "" + p)
          .description("records of the partition not yet applied to the read model; NaN when unknown")
          .register(meters);
      Gauge.builder("memlog.partition.applied.offset", () -> partition(partition).appliedOffset())
          .tag("partition", "" + p).description("last offset of the partition applied to the read model")
          .register(meters);
      Gauge.builder("memlog.partition.end.offset", () -> partition(partition).endOffset())
          .tag("partition", "" + p).description("end offset of the partition").register(meters);
    }
    Gauge.builder("memlog.end.offsets.age", ends::ageSeconds).baseUnit("seconds").description("time since the broker last confirmed the end offsets").register(meters);
  }

  /** Starts refreshing every {@code periodMillis}; the first refresh runs before this returns. */
  public FreshnessTracker start(long periodMillis) {
    refresh();
    scheduler.scheduleWithFixedDelay(this::refresh, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The freshness of one partition now; when the request on this thread read it (its {@link ReadScope}), as of
   * the shard that answered, named.
   */
  public PartitionFreshness partition(int partition) {
    var offset = applied.get().get(new TopicPartition(topic, partition));
    var served = ReadScope.current().servedBy(partition);
    // an answer is as fresh as the shard that gave it said when it answered, not as this node heard since
    long appliedOffset = served.map(ReadScope.Served::appliedOffset)
        .orElse(offset == null ? -1 : offset.lastOffset());
    long end = Math.max(ends.end(partition), appliedOffset + 1);
    Long lag = null;
    if (ends.confirmedWithin(maxAge)) {
      long behind = end - appliedOffset - 1;
      var reading = consumerLag.get(partition);
      lag = behind == 1 && reading != null && reading == 0 ? 0 : Math.max(0, behind);
    }
    return new PartitionFreshness(partition, appliedOffset, end, lag,
        offset == null ? null : offset.lastEventAt(), rebuilding.test(partition),
        served.map(ReadScope.Served::node).orElse(null), served.map(ReadScope.Served::standby).orElse(false));
  }

  /** The end offset of the partition last read from the broker, 0 before the first. */
  public long endOffset(int partition) {
    return ends.end(partition);
  }

  /** The freshness of an answer that read these partitions. */
  @Override
  public Freshness of(Collection<Integer> read) {
    return Freshness.of(read.stream().sorted().map(this::partition).toList(), ends.confirmedAt());
  }

  /** The freshness of every partition. */
  @Override
  public Freshness all() {
    return of(IntStream.range(0, partitions).boxed().toList());
  }

  @Override
  public boolean brokerReachable() {
    return ends.confirmedWithin(maxAge);
  }

  @Override
  public boolean beyondEnd(int partition, long offset) {
    if (offset < ends.end(partition) || !brokerReachable()) {
      return false;
    }
    // a token from a write acknowledged a moment ago is beyond the end offsets last read: ask the broker now
    var highWatermark = ends.highWatermark(partition);
    return highWatermark.isPresent() && offset >= highWatermark.getAsLong();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void refresh() {
    ends.refresh();
    readConsumerLag();
  }

  private void readConsumerLag() {
    var seen = new HashMap<Integer, Long>();
    for (var entry : consumerMetrics.get().entrySet()) {
      var name = entry.getKey();
      if (name.name().equals("records-lag") && topic.equals(name.tags().get("topic"))
          && name.tags().containsKey("partition") && entry.getValue().metricValue() instanceof Number lag
          && !Double.isNaN(lag.doubleValue())) {
        seen.put(Integer.parseInt(name.tags().get("partition")), lag.longValue());
      }
    }
    consumerLag.keySet().retainAll(seen.keySet());
    consumerLag.putAll(seen);
  }

  /** The partitions of the events topic. */
  public List<Integer> partitions() {
    return IntStream.range(0, partitions).boxed().toList();
  }
}
