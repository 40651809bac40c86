package dev.memlog.cli;

import dev.memlog.node.NodeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

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

  /**
   * Returns once the cluster answers, so that a command never waits on an absent broker: Kafka clients retry a
   * connection forever, logging a warning each time.
   *
   * @throws UnreachableClusterException if it does not answer within {@code timeout}
   */
  static void requireReachable(Map<String, Object> kafka, Duration timeout) {
    var config = new HashMap<>(kafka);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    var admin = Admin.create(config);
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).clusterId()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new UnreachableClusterException(kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableClusterException(kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), timeout);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  /** No Kafka broker answered at the bootstrap servers a command was given. */
  static final class UnreachableClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreachableClusterException(Object servers, Duration timeout) {
      super("no Kafka broker answered at " + servers + " within " + timeout.toSeconds() + " s (is a node running? "
          + "set MEMLOG_BOOTSTRAP_SERVERS or --bootstrap-servers for a cluster, MEMLOG_BROKER_PORT for a node's "
          + "embedded broker)");
    }
  }
}
