package dev.memlog.node;

import dev.memlog.api.HttpLimits;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.sqlite.WriterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a node is configured with. Read from {@code MEMLOG_*} variables (environment or a properties file
 * with the same names); every value has a default, so an empty map runs a node on the embedded broker.
 * {@code MEMLOG_KAFKA_*} variables pass straight to every Kafka client: {@code MEMLOG_KAFKA_SECURITY_PROTOCOL}
 * becomes {@code security.protocol}.
 */
public record NodeConfig(
    Path dataDir,
    String httpHost,
    int httpPort,
    String bootstrapServers,
    int brokerPort,
    int partitions,
    String eventsTopic,
    String deadLetterTopic,
    String applicationId,
    int streamThreads,
    Duration commitInterval,
    int batchMaxEvents,
    int summaryMessages,
    int maxEventBytes,
    boolean seal,
    Map<String, String> apiKeys,
    Path apiKeysFile,
    String advertisedHost,
    String clusterToken,
    int standbyReplicas,
    int httpThreads,
    int maxWaitingReads,
    int maxIngestSends,
    Duration endOffsetsMaxAge,
    Map<String, String> kafka) {

  public NodeConfig {
    Objects.requireNonNull(dataDir, "MEMLOG_DATA_DIR");
    Objects.requireNonNull(httpHost, "MEMLOG_HTTP_HOST");
    Objects.requireNonNull(bootstrapServers, "MEMLOG_BOOTSTRAP_SERVERS");
    requireRange("MEMLOG_HTTP_PORT", httpPort, 0, 65_535);
    requireRange("MEMLOG_BROKER_PORT", brokerPort, 0, 65_535);
    requireRange("MEMLOG_PARTITIONS", partitions, 1, 10_000);
    requireRange("MEMLOG_STREAM_THREADS", streamThreads, 1, 64);
    requireRange("MEMLOG_BATCH_MAX_EVENTS", batchMaxEvents, 1, 1_000_000);
    requireRange("MEMLOG_SUMMARY_MESSAGES", summaryMessages, 1, 1_000);
    requireRange("MEMLOG_MAX_EVENT_BYTES", maxEventBytes, 1_024, 64 * 1024 * 1024);
    requireRange("MEMLOG_STANDBY_REPLICAS", standbyReplicas, 0, 10);
    requireRange("MEMLOG_HTTP_THREADS", httpThreads, 16, 10_000);
    requireRange("MEMLOG_MAX_WAITING_READS", maxWaitingReads, 1, 10_000);
    requireRange("MEMLOG_MAX_INGEST_SENDS", maxIngestSends, 1, 10_000);
    if (endOffsetsMaxAge.toMillis() < 1_000) {
      throw new IllegalArgumentException("MEMLOG_END_OFFSETS_MAX_AGE_MS must be at least 1000, got "
          + endOffsetsMaxAge.toMillis());
    }
    if (advertisedHost == null || advertisedHost.isBlank()) {
      advertisedHost = httpHost;
    }
    // at most the age at which a catching-up shard commits its batch
    long maxCommitInterval = WriterSettings.DEFAULTS.maxBatchAge().toMillis();
    if (commitInterval.toMillis() < 1 || commitInterval.toMillis() > maxCommitInterval) {
      throw new IllegalArgumentException("MEMLOG_COMMIT_INTERVAL_MS must be between 1 and " + maxCommitInterval
          + ", got " + commitInterval.toMillis());
    }
    apiKeys = Map.copyOf(apiKeys);
    kafka = Map.copyOf(kafka);
  }

  /**
   * Reads the configuration from {@code MEMLOG_*} entries of {@code env}; missing entries take their defaults.
   *
   * @throws IllegalArgumentException naming the variable, if a value is not valid
   */
  public static NodeConfig fromEnv(Map<String, String> env) {
    return from(new Values(env, new java.util.HashSet<>()));
  }

  /**
   * The names of the {@code MEMLOG_*} variables a node reads (besides the {@code MEMLOG_KAFKA_*} pass-through),
   * as {@link #fromEnv} asks for them: what deployment files may set.
   */
  public static java.util.SortedSet<String> variables() {
    var values = new Values(Map.of(), new java.util.TreeSet<>());
    from(values);
    return java.util.Collections.unmodifiableSortedSet((java.util.SortedSet<String>) values.asked());
  }

  private static NodeConfig from(Values values) {
    checkLogFormat(values.text("MEMLOG_LOG_FORMAT", "text"));
    return new NodeConfig(
        Path.of(values.text("MEMLOG_DATA_DIR", "memlog-data")),
        values.text("MEMLOG_HTTP_HOST", "127.0.0.1"),
        values.integer("MEMLOG_HTTP_PORT", 8080),
        values.text("MEMLOG_BOOTSTRAP_SERVERS", ""),
        values.integer("MEMLOG_BROKER_PORT", 9092),
        values.integer("MEMLOG_PARTITIONS", MemlogTopics.DEFAULT_PARTITIONS),
        values.text("MEMLOG_EVENTS_TOPIC", MemlogTopics.EVENTS),
        values.text("MEMLOG_DEAD_LETTER_TOPIC", MemlogTopics.DEAD_LETTERS),
        values.text("MEMLOG_APPLICATION_ID", "memlog-projector"),
        values.integer("MEMLOG_STREAM_THREADS", Math.min(64, Runtime.getRuntime().availableProcessors())),
        Duration.ofMillis(values.integer("MEMLOG_COMMIT_INTERVAL_MS", 20)),
        values.integer("MEMLOG_BATCH_MAX_EVENTS", 5_000),
        values.integer("MEMLOG_SUMMARY_MESSAGES", 10),
        values.integer("MEMLOG_MAX_EVENT_BYTES", EventCodec.DEFAULT_MAX_EVENT_BYTES),
        values.bool("MEMLOG_SEAL", true),
        apiKeys(values.text("MEMLOG_API_KEYS", "")),
        values.text("MEMLOG_API_KEYS_FILE", null) == null ? null : Path.of(values.text("MEMLOG_API_KEYS_FILE", "")),
        values.text("MEMLOG_ADVERTISED_HOST", null),
        values.text("MEMLOG_CLUSTER_TOKEN", null),
        values.integer("MEMLOG_STANDBY_REPLICAS", 0),
        values.integer("MEMLOG_HTTP_THREADS", HttpLimits.DEFAULTS.threads()),
        values.integer("MEMLOG_MAX_WAITING_READS", HttpLimits.DEFAULTS.waitingReads()),
        values.integer("MEMLOG_MAX_INGEST_SENDS", HttpLimits.DEFAULTS.ingestSends()),
        Duration.ofMillis(values.integer("MEMLOG_END_OFFSETS_MAX_AGE_MS", 10_000)),
        kafkaPassThrough(values.env()));
  }

  /**
   * MEMLOG_LOG_FORMAT is read by logback (logback.xml), from the environment or a system property, before any
   * configuration; the node checks it too, so that a misspelt value stops the node instead of silencing its log.
   */
  private static void checkLogFormat(String format) {
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("MEMLOG_LOG_FORMAT must be text or json, got '" + format + "'");
    }
  }

  /** Kafka Streams' state directory: the tasks' stores, the read-model shards among them. */
  public Path stateDir() {
    return dataDir.resolve("streams");
  }

  /** Whether the node starts its own broker (no bootstrap servers configured). */
  public boolean embeddedBroker() {
    return bootstrapServers.isBlank();
  }

  /** The same configuration with other bootstrap servers (the embedded broker's, once it runs). */
  public NodeConfig withBootstrapServers(String servers) {
    return new NodeConfig(dataDir, httpHost, httpPort, servers, brokerPort, partitions, eventsTopic,
        deadLetterTopic, applicationId, streamThreads, commitInterval, batchMaxEvents, summaryMessages,
        maxEventBytes, seal, apiKeys, apiKeysFile, advertisedHost, clusterToken, standbyReplicas, httpThreads,
        maxWaitingReads, maxIngestSends, endOffsetsMaxAge, kafka);
  }

  /** How many threads serve HTTP requests, and how many requests may wait at once. */
  public HttpLimits httpLimits() {
    return new HttpLimits(httpThreads, maxWaitingReads, maxIngestSends);
  }

  /** The file of API key hashes: {@code MEMLOG_API_KEYS_FILE}, by default {@code api-keys} in the data dir. */
  public Path keyFile() {
    return apiKeysFile != null ? apiKeysFile : dataDir.resolve("api-keys");
  }

  /** {@code TENANT:SHA256HEX,...} as {@code hash → tenant}. */
  private static Map<String, String> apiKeys(String text) {
    var keys = new TreeMap<String, String>();
    for (var entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      var parts = entry.strip().split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("MEMLOG_API_KEYS entries must be TENANT:SHA256HEX, got '" + entry + "'");
      }
      keys.put(parts[1], parts[0]);
    }
    return keys;
  }

  private static Map<String, String> kafkaPassThrough(Map<String, String> env) {
    var kafka = new TreeMap<String, String>();
    env.forEach((name, value) -> {
      if (name.startsWith("MEMLOG_KAFKA_")) {
        kafka.put(name.substring("MEMLOG_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return kafka;
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private record Values(Map<String, String> env, java.util.Set<String> asked) {
    String text(String name, String fallback) {
      asked.add(name);
      var value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    boolean bool(String name, boolean fallback) {
      var value = text(name, null);
      if (value == null) {
        return fallback;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
      };
    }

    int integer(String name, int fallback) {
      var value = text(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
      }
    }
  }
}
