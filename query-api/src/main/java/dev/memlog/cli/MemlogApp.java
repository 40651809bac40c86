package dev.memlog.cli;

import picocli.CommandLine;

/** The entry point of {@code java -jar memlog.jar}. */
public final class MemlogApp {

  private MemlogApp() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, as main runs it; tests call it with their own output. */
  public static CommandLine commandLine() {
    var errors = new OneLineErrors();
    return new CommandLine(new MemlogCommand()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
  }
}
