package dev.memlog.cli;

import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.BrokerStartException;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.node.MemlogNode;
import dev.memlog.node.NodeConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Drops the read models and projects the whole log again, with a progress bar; the node must be stopped. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild the read models from the events topic: with every node of this memory stopped, delete "
        + "DATA_DIR/streams (every read-model shard), restore the shards from the events topic and replay the log up "
        + "to the end offsets it has now, print the time taken, the rate and the checksum, and exit. Uses the embedded "
        + "broker of DATA_DIR/kafka, or MEMLOG_BOOTSTRAP_SERVERS. While it runs, the HTTP API (unless --no-http) "
        + "serves /health and /metrics (memlog_rebuild_remaining_records).")
final class RebuildCommand implements Callable<Integer> {

  static final int REFUSED = 3;

  @Mixin NodeOptions options;

  @Option(names = "--no-http", description = "Do not start the HTTP API during the rebuild.")
  boolean noHttp;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var config = options.resolve(System.getenv());
    var err = spec.commandLine().getErr();
    EmbeddedKafkaBroker broker = null;
    try {
      if (config.embeddedBroker()) {
        try {
          broker = EmbeddedKafkaBroker.start(new BrokerConfig(config.dataDir().resolve("kafka"), config.brokerPort(),
              config.partitions()));
        } catch (BrokerStartException e) {
          err.printf("Cannot start the embedded broker of %s: %s%nIs a node running on this data dir? Stop it "
              + "first.%n", config.dataDir(), e.getMessage());
          return REFUSED;
        }
        config = config.withBootstrapServers(broker.bootstrapServers());
      }
      return rebuild(config);
    } catch (RebuildPlan.Refused e) {
      err.println(e.getMessage());
      return REFUSED;
    } finally {
      err.flush();
      if (broker != null) {
        broker.close();
      }
    }
  }

  private int rebuild(NodeConfig config) throws InterruptedException {
    var plan = RebuildPlan.prepare(config);
    var out = spec.commandLine().getOut();
    out.printf("Rebuilding %,d records of %s (%d partitions) into %s%n", plan.records(), config.eventsTopic(),
        plan.endOffsets().size(), config.dataDir());
    out.flush();
    long started = System.nanoTime();
    try (var node = MemlogNode.start(config, !noHttp)) {
      node.rebuilds().track(plan.endOffsets());
      if (node.httpPort() > 0) {
        out.printf("Progress: http://%s:%d/metrics (memlog_rebuild_remaining_records)%n", config.httpHost(),
            node.httpPort());
        out.flush();
      }
      follow(node, plan.records());
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      var checksum = node.checksum();
      out.printf("%nRebuilt %,d records in %.1f s: %,.0f records/s.%n", plan.records(), seconds,
          plan.records() / seconds);
      ChecksumCommand.print(out, checksum);
      out.flush();
      return 0;
    }
  }

  private static void follow(MemlogNode node, long records) throws InterruptedException {
    try (var bar = TerminalProgress.of("rebuild", records, " events")) {
      while (node.rebuilds().active()) {
        var state = node.projectorState();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("the projector stopped (" + state + "); see the log");
        }
        bar.stepTo(Math.max(0, records - node.rebuilds().remaining()));
        Thread.sleep(Duration.ofMillis(200).toMillis());
      }
      bar.stepTo(records);
    }
  }
}
