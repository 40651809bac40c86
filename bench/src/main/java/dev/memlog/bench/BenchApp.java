package dev.memlog.bench;

import picocli.CommandLine;

/** {@code java -jar memlog-bench.jar [options]}: runs the benchmark suite. */
public final class BenchApp {

  private BenchApp() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
