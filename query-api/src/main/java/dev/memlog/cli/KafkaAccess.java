package dev.memlog.cli;

import dev.memlog.node.NodeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The Kafka client settings a command uses to reach a running memory: its cluster, or a running node's broker. */
final class KafkaAccess {

  private KafkaAccess() {}

  /** MEMLOG_BOOTSTRAP_SERVERS, else the embedded broker a running node serves on 127.0.0.1:MEMLOG_BROKER_PORT. */
  static Map<String, Object> of(NodeConfig config) {
    var kafka = new HashMap<String, Object>(config.kafka());
    kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        config.embeddedBroker() ? "127.0.0.1:" + config.brokerPort() : config.bootstrapServers());
    return kafka;
  }
}
