package dev.memlog.cli;

import dev.memlog.node.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options a node is started with. Precedence: command-line options, then environment variables, then the
 * {@code --config} file (a properties file with the same {@code MEMLOG_*} names), then the defaults.
 */
final class NodeOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file of MEMLOG_* settings.")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the broker log and read models live.")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (0 = any free port).")
  Integer httpPort;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "An external Kafka cluster; without it the node runs its own embedded broker.")
  String bootstrapServers;

  NodeConfig resolve(Map<String, String> env) {
    var merged = new HashMap<String, String>();
    if (configFile != null) {
      merged.putAll(readProperties(configFile));
    }
    merged.putAll(env);
    putIfSet(merged, "MEMLOG_DATA_DIR", dataDir);
    putIfSet(merged, "MEMLOG_HTTP_PORT", httpPort);
    putIfSet(merged, "MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers);
    return NodeConfig.fromEnv(merged);
  }

  private static void putIfSet(Map<String, String> map, String name, Object value) {
    if (value != null) {
      map.put(name, value.toString());
    }
  }

  private static Map<String, String> readProperties(Path file) {
    var properties = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file, e);
    }
    var map = new HashMap<String, String>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }
}
