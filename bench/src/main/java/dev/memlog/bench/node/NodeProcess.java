package dev.memlog.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memlog node ({@code memlog node}) in a child JVM on this harness's class path, pointed at the harness's broker.
 * Its CPU time and resident memory are read from the operating system, so they are the node's alone.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeProcess.class);
  private static final String MAIN = "dev.memlog.cli.MemlogApp";

  private final Process process;
  private final NodeHttp http;
  private final long startedNanos = System.nanoTime();

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.http = new NodeHttp(port);
    // a harness stopped with Ctrl-C must not leave its node running
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bench-node-reaper"));
  }

  /**
   * Starts the node and waits until its API answers /livez with 200: the projector has started, and may still be
   * restoring its shards, which the caller then watches (a restore is part of a catch-up).
   */
  public static NodeProcess start(NodeSettings settings, Path log, Duration timeout) {
    int port = freePort();
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), MAIN, "node"));
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("MEMLOG_"));
    builder.environment().putAll(settings.environment(port));
    try {
      Files.createDirectories(settings.dataDir());
      BenchKeys.writeKeyFile(settings.dataDir());
      var node = new NodeProcess(builder.start(), port);
      LOGGER.atInfo().addKeyValue("pid", node.pid()).addKeyValue("port", port)
          .addKeyValue("topic", settings.topic()).log("node started");
      node.awaitAlive(timeout);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a node", e);
    }
  }

  public NodeHttp http() {
    return http;
  }

  public long pid() {
    return process.pid();
  }

  /** Seconds since the process was started. */
  public double ageSeconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** CPU time the node has used so far, user and system, in seconds. */
  public double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /**
   * CPU seconds the node's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) used so
   * far, from /proc (clock ticks of 1/100 s); NaN where there is no /proc.
   */
  public double jitCpuSeconds() {
    return jitCpuSeconds(Path.of("/proc", Long.toString(pid()), "task"));
  }

  /** What {@link #jitCpuSeconds()} reads, for the threads of a process listed in {@code tasks}. */
  static double jitCpuSeconds(Path tasks) {
    try (var each = Files.list(tasks)) {
      return each.mapToLong(NodeProcess::compilerTicks).sum() / 100.0;
    } catch (IOException | UncheckedIOException e) {
      return Double.NaN;
    }
  }

  /** A thread's user and system clock ticks if it is a JIT compiler thread, else 0. */
  private static long compilerTicks(Path task) {
    try {
      var stat = Files.readString(task.resolve("stat"));
      // pid (comm) state ppid ...: the name may hold spaces, the fields after it do not
      var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
        return 0;
      }
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      return 0; // the thread ended
    }
  }

  /** Resident memory now and at its peak, from /proc. */
  public ProcessMemory memory() {
    return ProcessMemory.of(process.pid());
  }

  /** Stops the node (SIGTERM: the node commits its last batch and leaves the group), then kills it if it hangs. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        LOGGER.atWarn().addKeyValue("pid", pid()).log("node did not stop in 90 s; killing it");
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAlive(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited with " + process.exitValue() + "; see its log");
      }
      if (http.alive()) {
        return;
      }
      Pause.millis(100);
    }
    close();
    throw new IllegalStateException("the node's API did not answer within " + timeout);
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
