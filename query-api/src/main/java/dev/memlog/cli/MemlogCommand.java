package dev.memlog.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command; it only lists its subcommands. */
@Command(
    name = "memlog",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Event-sourced memory for AI agents: Kafka topics projected into SQLite and RocksDB, served over HTTP.",
    subcommands = {NodeCommand.class, BrokerCommand.class, DemoCommand.class, ImportCommand.class, KeysCommand.class,
        RebuildCommand.class, ChecksumCommand.class, DlqCommand.class})
final class MemlogCommand {

  @Option(names = OneLineErrors.VERBOSE, scope = ScopeType.INHERIT,
      description = "On an error, print the stack trace after the one-line message.")
  boolean verbose;
}
