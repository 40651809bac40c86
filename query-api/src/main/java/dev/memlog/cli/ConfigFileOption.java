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
 * The {@code --config} option every command that reads the node's settings has, and the one place that merges
 * them. Precedence: command-line options, then environment variables, then the {@code --config} file (a
 * properties file with the same {@code MEMLOG_*} names), then the defaults.
 */
final class ConfigFileOption {

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file of MEMLOG_* settings.")
  Path configFile;

  /** The node configuration from the file, then {@code env}, then {@code options} (null values are not set). */
  NodeConfig resolve(Map<String, String> env, Map<String, Object> options) {
    var merged = new HashMap<String, String>();
    if (configFile != null) {
      merged.putAll(readProperties(configFile));
    }
    merged.putAll(env);
    options.forEach((name, value) -> {
      if (value != null) {
        merged.put(name, value.toString());
      }
    });
    return NodeConfig.fromEnv(merged);
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
