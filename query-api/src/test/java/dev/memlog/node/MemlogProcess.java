package dev.memlog.node;

import dev.memlog.cli.MemlogApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code memlog} command line run in a JVM of its own (this test's class path), its output in a file. Closing
 * it kills the process if it still runs, so that a failed test leaves no JVM behind.
 */
final class MemlogProcess implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(MemlogProcess.class);
  static final int SIGKILL_EXIT = 128 + 9;

  private final Process process;
  private final Path output;

  private MemlogProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code memlog ARGS} with these extra environment variables, writing its output to {@code output}. */
  static MemlogProcess start(List<String> args, Map<String, String> env, Path output) {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-Duser.language=en", "-Duser.country=US", "-cp", System.getProperty("java.class.path"), MemlogApp.class.getName()));
    command.addAll(args);
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("MEMLOG_"));
    builder.environment().putAll(env);
    try {
      var started = new MemlogProcess(builder.start(), output);
      LOGGER.atInfo().addKeyValue("pid", started.process.pid()).addKeyValue("args", args)
          .addKeyValue("output", output).log("memlog process started");
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. Returns the exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return waitFor(Duration.ofSeconds(30));
  }

  /** SIGTERM: the shutdown hook closes the node. Returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    return waitFor(Duration.ofSeconds(90));
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " did not end within " + timeout);
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Everything the process has written so far. */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A TCP port on 127.0.0.1 that was free a moment ago. */
  static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
