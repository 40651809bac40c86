package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.cli.MemlogApp;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.MemoryEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the in-process node tests do alike: publish a history, wait until the projector committed it all, run
 * {@code memlog rebuild}.
 */
final class NodeTesting {

  private NodeTesting() {}

  /** A node on its own embedded broker in {@code dataDir}, with free ports. */
  static MemlogNode startNode(Path dataDir, int partitions) {
    return MemlogNode.start(NodeConfig.fromEnv(Map.of(
        "MEMLOG_DATA_DIR", dataDir.toString(),
        "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BROKER_PORT", "0",
        "MEMLOG_PARTITIONS", "" + partitions)));
  }

  /**
   * The settings of a node in {@code dataDir} on an external broker, with a free HTTP port, that takes
   * {@code key} for acme, and {@code more} settings on top.
   */
  static NodeConfig onBroker(Path dataDir, String bootstrapServers, int partitions, String key,
      Map<String, String> more) {
    var env = new HashMap<>(Map.of(
        "MEMLOG_DATA_DIR", dataDir.toString(),
        "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BOOTSTRAP_SERVERS", bootstrapServers,
        "MEMLOG_PARTITIONS", "" + partitions,
        "MEMLOG_API_KEYS", "acme:" + dev.memlog.api.auth.ApiKeys.hash(key)));
    env.putAll(more);
    return NodeConfig.fromEnv(env);
  }

  /** What a command printed, and its exit code. */
  record CommandResult(int exitCode, String output) {}

  /** Runs {@code memlog rebuild} on {@code dataDir} (its embedded broker on a free port), as an operator would. */
  static CommandResult rebuild(Path workDir, Path dataDir, int partitions) {
    try {
      var config = workDir.resolve("rebuild.properties");
      Files.writeString(config, "MEMLOG_BROKER_PORT=0\nMEMLOG_PARTITIONS=" + partitions + "\n");
      var output = new StringWriter();
      var commandLine = MemlogApp.commandLine();
      commandLine.setOut(new PrintWriter(output));
      commandLine.setErr(new PrintWriter(output));
      int exit = commandLine.execute("rebuild", "--data-dir", dataDir.toString(), "--config", config.toString(),
          "--no-http");
      return new CommandResult(exit, output.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes every event with the Java client and waits until Kafka acknowledged them. */
  static void publishAll(MemlogNode node, int partitions, List<MemoryEvent> history) {
    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers()).partitions(partitions)
        .build()) {
      history.forEach(client::publish);
      client.flush();
    }
  }

  /**
   * Waits until the projector group has committed every partition to its end, and so have the node's shards
   * (a shard commits right after the group does).
   */
  static void awaitCommittedToEnd(MemlogNode node, int partitions, Duration patience) {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
      await().atMost(patience).untilAsserted(() -> {
        var committed = admin.listConsumerGroupOffsets("memlog-projector").partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
        var request = new HashMap<TopicPartition, OffsetSpec>();
        for (int p = 0; p < partitions; p++) {
          request.put(new TopicPartition(MemlogTopics.EVENTS, p), OffsetSpec.latest());
        }
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((partition, end) -> {
          if (end.offset() > 0) {
            assertThat(committed.get(partition)).as("committed offset of %s", partition).isNotNull()
                .extracting(OffsetAndMetadata::offset).isEqualTo(end.offset());
            assertThat(node.shards().appliedOffsets().get(partition)).as("shard of %s", partition).isNotNull()
                .extracting(applied -> applied.lastOffset() + 1).isEqualTo(end.offset());
          }
        });
      });
    }
  }
}
