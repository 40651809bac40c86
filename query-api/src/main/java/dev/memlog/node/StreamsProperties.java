package dev.memlog.node;

import dev.memlog.projector.failure.DeadLetterSendHandler;
import dev.memlog.projector.failure.FailureHandlerDeps;
import dev.memlog.projector.failure.RecordFailureHandler;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings of the projector, from the node configuration. */
final class StreamsProperties {

  /**
   * How often Kafka Streams commits the consumed offsets. A shard's SQLite batch does not wait for it (it commits
   * within {@code MEMLOG_COMMIT_INTERVAL_MS} of its first event, see {@code ProjectProcessor}), and each shard holds
   * the offset it applied, so this only bounds what a restarted task reads again and skips, and how far a standby
   * (restored up to the committed offsets) trails its active task.
   */
  static final Duration OFFSET_COMMIT_INTERVAL = Duration.ofSeconds(1);

  /** The longest a stream thread with no records waits in poll; its punctuations (commits among them) wait as long. */
  private static final long MAX_POLL_WAIT_MS = 100;

  private StreamsProperties() {}

  static Properties of(NodeConfig config, FailureHandlerDeps failures) {
    var props = new Properties();
    props.putAll(config.kafka());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // at-least-once: the fold is idempotent by offset (each shard holds its applied offset), so re-delivery after
    // a crash changes nothing; exactly-once would wipe a shard after every unclean stop (docs/ARCHITECTURE.md)
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, OFFSET_COMMIT_INTERVAL.toMillis());
    props.put(StreamsConfig.POLL_MS_CONFIG, Math.min(MAX_POLL_WAIT_MS, config.commitInterval().toMillis()));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
    // a task reads one partition, so it has no other partition to wait for before it processes what it has
    // buffered; with Kafka's default (0) a stream thread asks every task whose queue is empty for the fetch lag of
    // its partition, and formats a log line about it, in every loop (5% of its samples in JFR)
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // a node killed with -9 keeps its partitions until its session expires: 6 s (the brokers' default minimum)
    // instead of Kafka's 45 s; meanwhile its partitions are read from their standbys
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 64 * 1024 * 1024);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Math.max(config.maxEventBytes() + 64 * 1024, 1024 * 1024));
    // a dead letter that cannot be written does not kill the stream thread, and a thread that keeps dying on one
    // record is noticed: both handlers report to the node through this entry
    props.put(FailureHandlerDeps.CONFIG, failures);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterSendHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
    // the topology has no global store, so this changes nothing but the WARN Kafka Streams 4.3 logs each time it
    // reads a configuration without it (its default becomes true with Kafka 5.0); the main consumer's partition
    // assignor reads one of its own, from the main consumer's settings, hence the second entry
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
    return props;
  }
}
