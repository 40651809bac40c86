package dev.memlog.cli;

import java.util.ArrayList;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What the command line prints when a command fails: one line on stderr naming the command and what went wrong
 * (the stack trace only with {@code --verbose}), and a non-zero exit code. A person reads the line; a script reads
 * the exit code.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final String VERBOSE = "--verbose";
  private static final int MAX_CAUSES = 4;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    var err = command.getErr();
    err.printf("%s: %s%s%n", command.getCommandSpec().qualifiedName(), oneLine(e),
        verbose(parsed) ? "" : " (" + VERBOSE + " shows the stack trace)");
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return command.getCommandSpec().exitCodeOnExecutionException();
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    var command = e.getCommandLine();
    var err = command.getErr();
    var name = command.getCommandSpec().qualifiedName();
    err.printf("%s: %s (see '%s --help')%n", name, oneLine(e), name);
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The messages of the exception and its causes on one line, each said once. */
  static String oneLine(Throwable e) {
    var parts = new ArrayList<String>();
    for (Throwable t = e; t != null && parts.size() < MAX_CAUSES; t = t.getCause()) {
      var message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
          : t.getMessage().strip().replaceAll("[.\\s]+$", "");
      if (parts.stream().noneMatch(part -> part.contains(message))) {
        parts.add(message);
      }
    }
    return String.join(": ", parts).replaceAll("\\s+", " ");
  }

  private static boolean verbose(ParseResult parsed) {
    for (var result = parsed; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }
}
