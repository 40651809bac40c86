package dev.memlog.cli;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.importer.JsonlImporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes the events of a JSON Lines file, with a progress bar. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Publish the events of a JSON Lines file (one event per line) to the events topic. Lines that "
        + "are not valid events are reported with their line number and not published; exit code 2 if any.")
final class ImportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The events to publish.")
  Path file;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka to publish to (default: MEMLOG_BOOTSTRAP_SERVERS, else the embedded broker's "
          + "127.0.0.1:9092).")
  String bootstrapServers;

  @Option(names = "--topic", description = "The events topic (default: ${DEFAULT-VALUE}).")
  String topic = MemlogTopics.EVENTS;

  @Option(names = "--partitions", description = "Partitions if the topic must be created (default: ${DEFAULT-VALUE}).")
  int partitions = MemlogTopics.DEFAULT_PARTITIONS;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(file)) {
      spec.commandLine().getErr().printf("cannot read %s%n", file);
      return 1;
    }
    long lines;
    try (var counted = Files.lines(file, StandardCharsets.UTF_8)) {
      lines = counted.count();
    }
    var servers = bootstrapServers != null ? bootstrapServers
        : System.getenv().getOrDefault("MEMLOG_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    try (var client = MemlogClient.builder().bootstrapServers(servers).topic(topic).partitions(partitions).build();
        var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var bar = ProgressBar.builder().setTaskName("import").setInitialMax(lines)
            .setStyle(ProgressBarStyle.ASCII).setUnit(" lines", 1).showSpeed().build()) {
      var report = new JsonlImporter(client, new EventCodec()).run(reader, bar::stepTo);
      var out = spec.commandLine().getOut();
      out.printf("%nPublished %d events to %s; %d lines rejected, %d blank.%n", report.published(), topic,
          report.rejected().size(), report.blankLines());
      report.rejected().stream().limit(20).forEach(r ->
          out.printf("  line %d: %s%n", r.lineNumber(), r.reason()));
      out.flush();
      return report.rejected().isEmpty() ? 0 : 2;
    }
  }
}
