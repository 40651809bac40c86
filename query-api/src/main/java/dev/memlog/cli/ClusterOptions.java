package dev.memlog.cli;

import dev.memlog.node.NodeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that are Kafka clients of a running memory ({@code import}, {@code dlq ...}). */
final class ClusterOptions {

  @Mixin ConfigFileOption config;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "The Kafka cluster (default: MEMLOG_BOOTSTRAP_SERVERS, else a running node's embedded broker "
          + "on 127.0.0.1:MEMLOG_BROKER_PORT).")
  String bootstrapServers;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Give up when no broker answers within this many seconds (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSeconds;

  NodeConfig resolve(Map<String, String> env) {
    var options = new HashMap<String, Object>();
    options.put("MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers);
    return config.resolve(env, options);
  }

  /** The Kafka client settings of {@code config}, once a broker there answered within the connect timeout. */
  Map<String, Object> reachableKafka(NodeConfig config) {
    var kafka = KafkaAccess.of(config);
    KafkaAccess.requireReachable(kafka, Duration.ofSeconds(connectTimeoutSeconds));
    return kafka;
  }
}
