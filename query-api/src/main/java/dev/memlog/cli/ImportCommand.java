package dev.memlog.cli;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.importer.JsonlImporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes the events of a JSON Lines file, with a progress bar on a terminal. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Publish the events of a JSON Lines file (one event per line) to the events topic. Lines that "
        + "are not valid events are reported with their line number and not published; exit code 2 if any.")
final class ImportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The events to publish.")
  Path file;

  @Mixin ClusterOptions options;

  @Option(names = "--topic", description = "The events topic (default: MEMLOG_EVENTS_TOPIC, else memlog.events).")
  String topic;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions if the topic must be created (default: MEMLOG_PARTITIONS, else 6).")
  Integer partitions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(file)) {
      spec.commandLine().getErr().printf("%s: cannot read %s%n", spec.qualifiedName(), file);
      return 1;
    }
    long lines;
    try (var counted = Files.lines(file, StandardCharsets.UTF_8)) {
      lines = counted.count();
    }
    var config = options.resolve(System.getenv());
    var kafka = new HashMap<>(options.reachableKafka(config));
    var servers = (String) kafka.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    var events = topic != null ? topic : config.eventsTopic();
    try (var client = MemlogClient.builder().bootstrapServers(servers).producerProperties(kafka).topic(events)
        .partitions(partitions != null ? partitions : config.partitions()).maxEventBytes(config.maxEventBytes())
        .seal(config.seal()).build();
        var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var bar = TerminalProgress.of("import", lines, " lines")) {
      var report = new JsonlImporter(client, new EventCodec(config.maxEventBytes())).run(reader, bar::stepTo);
      var out = spec.commandLine().getOut();
      out.printf("%nPublished %d events to %s; %d lines rejected, %d blank.%n", report.published(), events,
          report.rejected().size(), report.blankLines());
      report.rejected().stream().limit(20).forEach(r ->
          out.printf("  line %d: %s%n", r.lineNumber(), r.reason()));
      out.flush();
      return report.rejected().isEmpty() ? 0 : 2;
    }
  }
}
