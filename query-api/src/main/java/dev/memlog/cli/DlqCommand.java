package dev.memlog.cli;

import picocli.CommandLine.Command;

/** The dead-letter topic: list what the projector refused, and put a record back once it is fixed. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Inspect the dead-letter topic and re-publish dead letters to the events topic.",
    subcommands = {DlqListCommand.class, DlqRepublishCommand.class})
final class DlqCommand {}
