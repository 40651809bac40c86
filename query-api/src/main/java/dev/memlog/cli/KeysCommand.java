package dev.memlog.cli;

import dev.memlog.api.auth.ApiKeyFile;
import dev.memlog.api.auth.ApiKeys;
import dev.memlog.node.NodeConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates API keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
    subcommands = KeysCommand.Add.class)
final class KeysCommand {

  /** Creates a key, stores its hash in the node's key file and prints the key once. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Create an API key for a tenant (or 'admin'), add its hash to the key file "
          + "(MEMLOG_API_KEYS_FILE, default DATA_DIR/api-keys) and print the key. A running node reads the file "
          + "at start.")
  static final class Add implements Callable<Integer> {

    @Option(names = "--tenant", required = true, description = "The tenant the key reads, or 'admin'.")
    String tenant;

    @Mixin DataDirOptions options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      NodeConfig config = options.resolve(System.getenv());
      var key = ApiKeyFile.add(config.keyFile(), tenant);
      var out = spec.commandLine().getOut();
      out.printf("%s%n", key);
      out.flush();
      spec.commandLine().getErr().printf("Key for '%s' added to %s (hash %s). It is shown only now.%n", tenant,
          config.keyFile(), ApiKeys.hash(key).substring(0, 12));
      return 0;
    }
  }
}
