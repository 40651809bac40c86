package dev.memlog.cli;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.client.MemlogTopics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the embedded KRaft broker alone, for a local cluster of several nodes. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a standalone single-node Kafka broker (KRaft, bound to 127.0.0.1, log kept in --data-dir) "
        + "for a local cluster: start nodes with MEMLOG_BOOTSTRAP_SERVERS set to the address it prints, the same "
        + "MEMLOG_CLUSTER_TOKEN, and their own data dirs and HTTP ports. Ctrl-C stops it.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "memlog-broker",
      description = "Where the broker keeps its log (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
      description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + MemlogTopics.DEFAULT_PARTITIONS,
      description = "Partitions of the topics it creates by default (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    var broker = EmbeddedKafkaBroker.start(new BrokerConfig(dataDir, port, partitions));
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "memlog-broker-shutdown"));
    var out = spec.commandLine().getOut();
    out.printf("Kafka broker running: MEMLOG_BOOTSTRAP_SERVERS=%s (log in %s). Ctrl-C stops it.%n",
        broker.bootstrapServers(), dataDir.toAbsolutePath());
    out.flush();
    stopped.await();
    return 0;
  }
}
