package dev.memlog.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** The Kafka server settings of a single combined broker+controller node bound to the loopback address. */
final class BrokerProperties {

  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String MAX_STARTUP_MS = "60000";

  private BrokerProperties() {
  }

  static Properties of(Path logDir, int clientPort, int controllerPort, int defaultPartitions) {
    var client = CLIENT_LISTENER + "://" + LocalPorts.HOST + ":" + clientPort;
    var controller = CONTROLLER_LISTENER + "://" + LocalPorts.HOST + ":" + controllerPort;
    var props = new Properties();
    props.putAll(Map.of(
        "node.id", String.valueOf(NODE_ID),
        "process.roles", "broker,controller",
        "listeners", client + "," + controller,
        "advertised.listeners", client,
        "listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT",
        "inter.broker.listener.name", CLIENT_LISTENER,
        "controller.listener.names", CONTROLLER_LISTENER,
        // a static quorum: the voter's address comes from this config, so ports may change between starts
        "controller.quorum.voters", NODE_ID + "@" + LocalPorts.HOST + ":" + controllerPort,
        "log.dirs", logDir.toString(),
        "server.max.startup.time.ms", MAX_STARTUP_MS));
    props.putAll(singleNodeSettings(defaultPartitions));
    return props;
  }

  private static Map<String, String> singleNodeSettings(int defaultPartitions) {
    return Map.ofEntries(
        Map.entry("num.partitions", String.valueOf(defaultPartitions)),
        Map.entry("default.replication.factor", "1"),
        Map.entry("min.insync.replicas", "1"),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        // a transaction whose producer died (the node killed with its broker) holds its partitions' last stable
        // offset until the coordinator aborts it: check every second instead of every 10 s once it has timed out
        Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("auto.create.topics.enable", "false"),
        // one node needs few coordinator partitions; 50 each (Kafka's default) costs seconds at first use
        Map.entry("offsets.topic.num.partitions", "5"),
        Map.entry("transaction.state.log.num.partitions", "5"),
        Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024)));
  }
}
