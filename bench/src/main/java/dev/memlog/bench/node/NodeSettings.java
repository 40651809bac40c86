package dev.memlog.bench.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one node: its data directory, the broker it uses, its topic and application id (so that several
 * configurations share one broker), partitions, stream threads, extra JVM options (heap, JFR), and settings of the
 * node's own to measure ({@code --node-env}).
 */
public record NodeSettings(Path dataDir, String bootstrapServers, String topic, String applicationId, int partitions,
    int streamThreads, int batchMaxEvents, List<String> jvmOptions, Map<String, String> settings) {

  /** The settings the harness gives every node itself. */
  static final java.util.Set<String> HARNESS_SETTINGS = java.util.Set.of("MEMLOG_DATA_DIR",
      "MEMLOG_BOOTSTRAP_SERVERS", "MEMLOG_HTTP_PORT", "MEMLOG_EVENTS_TOPIC", "MEMLOG_DEAD_LETTER_TOPIC",
      "MEMLOG_APPLICATION_ID", "MEMLOG_PARTITIONS", "MEMLOG_STREAM_THREADS", "MEMLOG_BATCH_MAX_EVENTS");

  public NodeSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    jvmOptions = List.copyOf(jvmOptions);
    settings = Map.copyOf(settings);
    for (var name : settings.keySet()) {
      if (!name.startsWith("MEMLOG_") || HARNESS_SETTINGS.contains(name)) {
        throw new IllegalArgumentException("--node-env takes a MEMLOG_* setting the harness does not set itself, "
            + "got " + name);
      }
    }
  }

  /** The node's MEMLOG_* environment. */
  Map<String, String> environment(int httpPort) {
    var environment = new java.util.HashMap<>(settings);
    environment.putAll(harness(httpPort));
    return environment;
  }

  private Map<String, String> harness(int httpPort) {
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
        batchMaxEvents, options, settings);
  }
}
