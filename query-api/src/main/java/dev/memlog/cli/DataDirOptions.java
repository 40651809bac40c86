package dev.memlog.cli;

import dev.memlog.node.NodeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that work on a node's data dir without Kafka ({@code checksum}, {@code keys add}). */
final class DataDirOptions {

  @Mixin ConfigFileOption config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data dir (default: MEMLOG_DATA_DIR, "
      + "else ./memlog-data).")
  Path dataDir;

  NodeConfig resolve(Map<String, String> env) {
    var options = new HashMap<String, Object>();
    options.put("MEMLOG_DATA_DIR", dataDir);
    return config.resolve(env, options);
  }
}
