package dev.memlog.cli;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.importer.JsonlImporter;
import dev.memlog.node.MemlogNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs a node and, on its first start, loads the bundled demo memory into it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a node like 'node' does and load demo memory (three tenants' conversations, entities and "
        + "relations) when its events topic is empty.")
final class DemoCommand implements Callable<Integer> {

  static final String DEMO_RESOURCE = "dev/memlog/demo/memory.jsonl";

  @Mixin NodeOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var node = MemlogNode.start(options.resolve(System.getenv()));
    var out = spec.commandLine().getOut();
    if (eventsTopicIsEmpty(node)) {
      long published = loadDemo(node);
      out.printf("Loaded %d demo events.%n", published);
    } else {
      out.println("The events topic already holds events; demo memory not loaded again.");
    }
    NodeCommand.printCreatedKeys(node, out);
    printWalkThrough(out, "http://" + node.config().httpHost() + ":" + node.httpPort(),
        node.config().dataDir().resolve("dev-keys.env"));
    NodeCommand.runUntilStopped(node, () -> {});
    return 0;
  }

  static long loadDemo(MemlogNode node) throws IOException {
    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers())
            .topic(node.config().eventsTopic()).createTopic(false).producerProperties(node.config().kafka()).build();
        var in = DemoCommand.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("demo memory missing from the jar: " + DEMO_RESOURCE);
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      var report = new JsonlImporter(client, new EventCodec()).run(reader, lines -> {});
      if (!report.rejected().isEmpty()) {
        throw new IllegalStateException("demo memory has invalid lines: " + report.rejected());
      }
      return report.published();
    }
  }

  private static boolean eventsTopicIsEmpty(MemlogNode node) throws Exception {
    var config = node.config();
    var adminConfig = new java.util.HashMap<String, Object>(config.kafka());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
    try (var admin = Admin.create(adminConfig)) {
      var partitions = admin.describeTopics(java.util.Set.of(config.eventsTopic())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(config.eventsTopic()).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed().collect(Collectors.toMap(
          p -> new TopicPartition(config.eventsTopic(), p), p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .allMatch(info -> info.offset() == 0);
    }
  }

  private static void printWalkThrough(PrintWriter out, String base, java.nio.file.Path keys) {
    out.printf("""
        memlog is running at %1$s (Ctrl-C stops it). Try:
          source %2$s
          curl -s -H "Authorization: Bearer $MEMLOG_KEY_ACME" '%1$s/v1/tenants/acme/search?q=where+is+my+kettle' | jq
          curl -s -H "Authorization: Bearer $MEMLOG_KEY_ACME" '%1$s/v1/tenants/acme/conversations/c-1001' | jq
          curl -s '%1$s/health' | jq
        """, base, keys);
    out.flush();
  }
}
