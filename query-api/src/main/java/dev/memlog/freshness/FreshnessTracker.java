package dev.memlog.freshness;

import dev.memlog.projector.view.AppliedOffset;
import dev.memlog.projector.read.ReadScope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows how far the read model is behind each partition of the events topic. Every half second it reads the
 * partitions' end offsets (read-committed) and the projector consumer's own lag; the read model's applied offsets
 * come from the shards.
 *
 * <p>The lag of a partition is its end offset (read-committed) minus the applied offset minus one: the records
 * written and not yet applied. One exception: a gap of one record while the projector's consumer has nothing
 * left to fetch is a transaction marker (markers take an offset but are never applied), and counts as 0. The
 * consumer's own lag alone would be too low: it counts records fetched, not records applied.
 */
public final class FreshnessTracker implements FreshnessView, AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(FreshnessTracker.class);

  private final Admin admin;
  private final String topic;
  private final int partitions;
  private final Supplier<Map<TopicPartition, AppliedOffset>> applied;
  private final Supplier<Map<MetricName, ? extends Metric>> consumerMetrics;
  private final IntPredicate rebuilding;
  private final Map<Integer, Long> endOffsets = new ConcurrentHashMap<>();
  private final Map<Integer, Long> consumerLag = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    var thread = new Thread(runnable, "memlog-freshness");
    thread.setDaemon(true);
    return thread;
  });

  public FreshnessTracker(Admin admin, String topic, int partitions,
      Supplier<Map<TopicPartition, AppliedOffset>> applied,
      Supplier<Map<MetricName, ? extends Metric>> consumerMetrics, IntPredicate rebuilding, MeterRegistry meters) {
    this.admin = admin;
    this.topic = topic;
    this.partitions = partitions;
    this.applied = applied;
    this.consumerMetrics = consumerMetrics;
    this.rebuilding = rebuilding;
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      Gauge.builder("memlog.partition.lag", () -> partition(partition).lag()).tag("partition", "" + p)
          .description("records of the partition not yet applied to the read model").register(meters);
      Gauge.builder("memlog.partition.applied.offset", () -> partition(partition).appliedOffset())
          .tag("partition", "" + p).description("last offset of the partition applied to the read model")
          .register(meters);
      Gauge.builder("memlog.partition.end.offset", () -> partition(partition).endOffset())
          .tag("partition", "" + p).description("end offset of the partition").register(meters);
    }
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
    long end = Math.max(endOffsets.getOrDefault(partition, 0L), appliedOffset + 1);
    long lag = end - appliedOffset - 1;
    var reading = consumerLag.get(partition);
    if (lag == 1 && reading != null && reading == 0) {
      lag = 0;
    }
    return new PartitionFreshness(partition, appliedOffset, end, Math.max(0, lag),
        offset == null ? null : offset.lastEventAt(), rebuilding.test(partition),
        served.map(ReadScope.Served::node).orElse(null), served.map(ReadScope.Served::standby).orElse(false));
  }

  /** The end offset of the partition last read from the broker, -1 before the first. */
  public long endOffset(int partition) {
    return endOffsets.getOrDefault(partition, -1L);
  }

  /** The freshness of an answer that read these partitions. */
  @Override
  public Freshness of(Collection<Integer> read) {
    return Freshness.of(read.stream().sorted().map(this::partition).toList());
  }

  /** The freshness of every partition. */
  @Override
  public Freshness all() {
    return of(IntStream.range(0, partitions).boxed().toList());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void refresh() {
    try {
      var request = new HashMap<TopicPartition, OffsetSpec>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var result = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all().get(5, TimeUnit.SECONDS);
      result.forEach((partition, info) -> endOffsets.put(partition.partition(), info.offset()));
      readConsumerLag();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOGGER.atDebug().setCause(e).log("cannot refresh end offsets");
    }
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
