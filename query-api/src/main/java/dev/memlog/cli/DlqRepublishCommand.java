package dev.memlog.cli;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.projector.deadletter.DeadLetterRepublisher;
import dev.memlog.projector.deadletter.DeadLetterTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Puts a dead letter back on the events topic, as it was or replaced by a fixed event from a file. */
@Command(name = "republish", mixinStandardHelpOptions = true,
    description = "Re-publish the dead letter at PARTITION:OFFSET of the dead-letter topic to the events topic, or "
        + "the fixed event in --file instead. The event is validated first (exit code 2 if it is still invalid; "
        + "nothing is published); the record carries a memlog.dlq.replaces header naming the dead letter.")
final class DlqRepublishCommand implements Callable<Integer> {

  @Mixin ClusterOptions options;

  @Option(names = "--partition", paramLabel = "P",
      description = "The dead letter's partition in the dead-letter topic (default: ${DEFAULT-VALUE}).")
  int partition = 0;

  @Option(names = "--offset", paramLabel = "O", required = true,
      description = "The dead letter's offset in the dead-letter topic (see 'dlq list').")
  long offset;

  @Option(names = "--file", paramLabel = "FIXED.json", description = "A fixed version of the event (one JSON object).")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var config = options.resolve(System.getenv());
    var err = spec.commandLine().getErr();
    var kafka = options.reachableKafka(config);
    var letter = new DeadLetterTopic(kafka, config.deadLetterTopic()).read(partition, offset);
    if (letter.isEmpty()) {
      err.printf("No dead letter at %d:%d of %s.%n", partition, offset, config.deadLetterTopic());
      err.flush();
      return 1;
    }
    var value = file == null ? letter.get().value() : Files.readAllBytes(file);
    int partitions;
    try (var admin = Admin.create(kafka)) {
      partitions = MemlogTopics.partitionCount(admin, config.eventsTopic(), 30_000);
    }
    var republisher = new DeadLetterRepublisher(kafka, config.eventsTopic(), partitions, config.maxEventBytes());
    try {
      var written = republisher.republish(config.deadLetterTopic(), partition, offset, value);
      var out = spec.commandLine().getOut();
      out.printf("Re-published dead letter %d:%d%s as %s %s to %s/%d@%d.%n", partition, offset,
          file == null ? "" : " (fixed from " + file + ")", written.type(), written.eventId(), written.topic(),
          written.partition(), written.offset());
      out.flush();
      return 0;
    } catch (InvalidEventException e) {
      err.printf("Not re-published: %s is still not a valid event (%s): %s%n",
          file == null ? "the dead letter" : file.toString(), e.reason(), e.getMessage());
      err.flush();
      return 2;
    }
  }
}
