package dev.memlog.node;

import dev.memlog.api.auth.ApiKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The secrets the nodes of one test cluster share, and the settings a node of it starts with: one standby per
 * shard, the cluster token, an API key for tenant acme and an admin key.
 */
record ClusterKeys(String tenantKey, String adminKey, String token) {

  static ClusterKeys random() {
    return new ClusterKeys(ApiKeys.newKey(), ApiKeys.newKey(), ApiKeys.newKey());
  }

  /** The settings of a node with its data in {@code dataDir} (HTTP port 0: any free one). */
  Map<String, String> env(Path dataDir, String bootstrapServers, int partitions, int httpPort) {
    var env = new HashMap<String, String>();
    env.put("MEMLOG_DATA_DIR", dataDir.toString());
    env.put("MEMLOG_HTTP_PORT", "" + httpPort);
    env.put("MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("MEMLOG_PARTITIONS", "" + partitions);
    env.put("MEMLOG_STANDBY_REPLICAS", "1");
    env.put("MEMLOG_CLUSTER_TOKEN", token);
    env.put("MEMLOG_API_KEYS", apiKeys());
    return env;
  }

  /** HTTP to a node of the cluster, with the tenant's key and the admin key. */
  NodeHttp http(int port) {
    return http("127.0.0.1", port);
  }

  /** HTTP to a node of the cluster listening on {@code host}. */
  NodeHttp http(String host, int port) {
    return new NodeHttp(host, port, Map.of(HeavyIngest.TENANT, tenantKey, "admin", adminKey));
  }

  /** The value of {@code MEMLOG_API_KEYS} for the cluster's nodes: the tenant's key and the admin key, hashed. */
  String apiKeys() {
    return HeavyIngest.TENANT + ":" + ApiKeys.hash(tenantKey) + ",admin:" + ApiKeys.hash(adminKey);
  }
}
