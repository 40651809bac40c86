package dev.memlog.node;

import dev.memlog.projector.failure.StuckRecords;
import dev.memlog.projector.read.StoreNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector's Kafka Streams instance, which can be stopped and started again with the same topology: a
 * partition's shard is rebuilt by deleting it while the instance is stopped (Kafka Streams restores it from the
 * events topic when the new instance starts). Everything else in the node reaches the current instance through
 * this class.
 */
final class Projector implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Projector.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final Supplier<Topology> topology;
  private final Properties properties;
  private final StuckRecords stuck;
  private final MeterRegistry meters;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  Projector(Supplier<Topology> topology, Properties properties, StuckRecords stuck, MeterRegistry meters) {
    this.topology = topology;
    this.properties = properties;
    this.stuck = stuck;
    this.meters = meters;
  }

  /**
   * Starts the instance with {@code applicationServer} (host:port of this node's HTTP API) as its
   * {@code application.server}, which tells the other nodes where this node serves its partitions.
   */
  synchronized Projector start(String applicationServer) {
    properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    return start();
  }

  synchronized Projector start() {
    var started = new KafkaStreams(topology.get(), properties);
    streamsMetrics = new KafkaStreamsMetrics(started);
    streamsMetrics.bindTo(meters);
    started.setUncaughtExceptionHandler(this::replaceThread);
    // a new instance retries every record: a partition is stuck again only if it keeps failing
    stuck.reset();
    streams = started;
    started.start();
    return this;
  }

  private StreamThreadExceptionResponse replaceThread(Throwable error) {
    var stuckOn = stuck.threadDied();
    LOGGER.atError().setCause(error).log("stream thread failed; replacing it");
    for (var record : stuckOn) {
      LOGGER.atError().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
          .addKeyValue("offset", record.offset()).addKeyValue("deaths", record.deaths())
          .log("partition stuck: its stream thread keeps dying on the same record");
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Stops the instance, runs {@code whileStopped} (the group has no member of this node then), starts anew. */
  synchronized void restart(Runnable whileStopped) {
    stop();
    try {
      whileStopped.run();
    } finally {
      start();
    }
  }

  KafkaStreams.State state() {
    var current = streams;
    return current == null ? KafkaStreams.State.CREATED : current.state();
  }

  Map<MetricName, ? extends Metric> metrics() {
    var current = streams;
    return current == null ? Map.of() : current.metrics();
  }

  /** Where every node of the memory serves the read-model store's partitions; empty until this one runs. */
  Collection<StreamsMetadata> shardMetadata() {
    var current = streams;
    if (current == null) {
      return List.of();
    }
    try {
      return current.streamsMetadataForStore(StoreNames.SQLITE);
    } catch (StreamsNotStartedException | IllegalStateException e) {
      return List.of();
    }
  }

  ReadOnlyKeyValueStore<String, byte[]> store(String name) {
    var current = streams;
    if (current == null) {
      throw new InvalidStateStoreException("the projector has not started yet");
    }
    // stale stores stay readable while Kafka Streams rebalances: their views are recomputed from SQLite, and
    // every answer says how fresh the partition it read is
    return current.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore())
        .enableStaleStores());
  }

  @Override
  public synchronized void close() {
    stop();
  }

  private void stop() {
    if (streams == null) {
      return;
    }
    streamsMetrics.close();
    // leave the group on close, so that a restarted node does not wait for its old member's session to expire
    streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }
}
