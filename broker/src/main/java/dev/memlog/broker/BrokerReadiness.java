package dev.memlog.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Proves that a started broker answers clients: an Admin client must see it in the cluster metadata. */
final class BrokerReadiness {

  private BrokerReadiness() {
  }

  static void await(String bootstrapServers, Duration timeout) {
    var timeoutMs = (int) Math.max(1, timeout.toMillis());
    var settings = Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "memlog-broker-readiness",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    try (var admin = Admin.create(settings)) {
      var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
          .nodes()
          .get(timeoutMs, TimeUnit.MILLISECONDS);
      if (nodes.isEmpty()) {
        throw new BrokerStartException("Kafka broker at " + bootstrapServers + " reports no live node");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("Interrupted while waiting for the Kafka broker at " + bootstrapServers, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerStartException("Kafka broker at " + bootstrapServers + " did not answer clients within "
          + timeout.toSeconds() + " s: " + e.getMessage(), e);
    }
  }
}
