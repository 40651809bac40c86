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

  /** Prints the development keys a first start created, which are shown only then. */
  static void printCreatedKeys(MemlogNode node, java.io.PrintWriter out) {
    if (!node.createdKeys().isEmpty()) {
      out.printf("Created development API keys (also in %s):%n",
          node.config().dataDir().resolve("dev-keys.env"));
      node.createdKeys().forEach((tenant, key) -> out.printf("  %-8s %s%n", tenant, key));
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
