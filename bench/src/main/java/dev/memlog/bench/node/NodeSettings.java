package dev.memlog.bench.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one node: its data directory, the broker it uses, its topic and application id (so that several
 * configurations share one broker), partitions, stream threads, and extra JVM options (heap, JFR).
 */
public record NodeSettings(Path dataDir, String bootstrapServers, String topic, String applicationId, int partitions,
    int streamThreads, int batchMaxEvents, List<String> jvmOptions) {

  public NodeSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** The node's MEMLOG_* environment. */
  Map<String, String> environment(int httpPort) {
    return Map.of(
        "MEMLOG_DATA_DIR", dataDir.toString(),
        "MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers,
        "MEMLOG_HTTP_PORT", Integer.toString(httpPort),
        "MEMLOG_EVENTS_TOPIC", topic,
        "MEMLOG_DEAD_LETTER_TOPIC", topic + ".dead-letters",
        "MEMLOG_APPLICATION_ID", applicationId,
        "MEMLOG_PARTITIONS", Integer.toString(partitions),
        "MEMLOG_STREAM_THREADS", Integer.toString(streamThreads),
        "MEMLOG_BATCH_MAX_EVENTS", Integer.toString(batchMaxEvents));
  }

  public NodeSettings withJvmOptions(List<String> options) {
    return new NodeSettings(dataDir, bootstrapServers, topic, applicationId, partitions, streamThreads,
        batchMaxEvents, options);
  }
}
