package dev.memlog.cli;

import dev.memlog.node.MemlogNode;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs a node until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run a memlog node: projector and HTTP API (and an embedded Kafka broker unless "
        + "MEMLOG_BOOTSTRAP_SERVERS or --bootstrap-servers names a cluster).")
final class NodeCommand implements Callable<Integer> {

  @Mixin NodeOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    var node = MemlogNode.start(options.resolve(System.getenv()));
    var out = spec.commandLine().getOut();
    out.printf("memlog is running: http://%s:%d (Kafka at %s). Ctrl-C stops it.%n", node.config().httpHost(),
        node.httpPort(), node.bootstrapServers());
    printCreatedKeys(node, out);
    runUntilStopped(node, () -> {});
    return 0;
  }

  /** Says where the development keys a first start created are. */
  static void printCreatedKeys(MemlogNode node, java.io.PrintWriter out) {
    printCreatedKeys(node.createdKeys().keySet(), node.config().dataDir().resolve("dev-keys.env"), out);
  }

  /**
   * Says for which tenants development keys were created, and in which file, never the keys themselves: what a
   * node prints tends to end up in logs that others read.
   */
  static void printCreatedKeys(java.util.Collection<String> tenants, java.nio.file.Path file,
      java.io.PrintWriter out) {
    if (!tenants.isEmpty()) {
      out.printf("Created development API keys for %s in %s (readable by you only): source it to use them.%n",
          String.join(", ", tenants), file.toAbsolutePath());
    }
    out.flush();
  }

  /** Keeps the node running until the JVM is asked to stop, then closes it. */
  static void runUntilStopped(MemlogNode node, Runnable afterStart) throws InterruptedException {
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "memlog-shutdown"));
    afterStart.run();
    stopped.await();
  }
}
