package dev.memlog.cli;

import dev.memlog.node.NodeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that run a node ({@code node}, {@code demo}, {@code rebuild}). */
final class NodeOptions {

  @Mixin ConfigFileOption config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the broker log and read models live.")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (0 = any free port).")
  Integer httpPort;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "An external Kafka cluster; without it the node runs its own embedded broker.")
  String bootstrapServers;

  NodeConfig resolve(Map<String, String> env) {
    var options = new HashMap<String, Object>();
    options.put("MEMLOG_DATA_DIR", dataDir);
    options.put("MEMLOG_HTTP_PORT", httpPort);
    options.put("MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers);
    return config.resolve(env, options);
  }
}
