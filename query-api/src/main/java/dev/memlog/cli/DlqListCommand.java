package dev.memlog.cli;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.deadletter.DeadLetterTopic;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the latest dead letters with their reason, source position, error and a preview of the value. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the latest dead letters, oldest first: PARTITION:OFFSET in the dead-letter topic (what "
        + "'dlq republish' takes), reason, the topic/partition@offset it came from, the error and the value's start.")
final class DlqListCommand implements Callable<Integer> {

  @Mixin ClusterOptions options;

  @Option(names = "--limit", paramLabel = "N", description = "How many (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--reason", paramLabel = "R",
      description = "Only this reason: NOT_UTF8, NOT_JSON, UNKNOWN_TYPE, SCHEMA_VIOLATION, TOO_LARGE, EMPTY, "
          + "KEY_MISMATCH, BAD_SEAL, UNKNOWN_KEY, PROJECTION_FAILED.")
  String reason;

  @Option(names = "--json", description = "Print JSON (what GET /v1/admin/dead-letters answers).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      spec.commandLine().getErr().println("--limit must be at least 1");
      return 1;
    }
    var config = options.resolve(System.getenv());
    var letters = new DeadLetterTopic(options.reachableKafka(config), config.deadLetterTopic()).list(limit, reason);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(letters));
    } else if (letters.isEmpty()) {
      out.printf("No dead letters%s in %s.%n", reason == null ? "" : " with reason " + reason,
          config.deadLetterTopic());
    } else {
      for (var letter : letters) {
        out.printf("%d:%d  %s  %-16s from %s/%s@%s%n", letter.partition(), letter.offset(), letter.timestamp(),
            letter.reason(), letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset());
        out.printf("      error: %s%n", letter.error());
        out.printf("      value: %s (%,d bytes)%n", letter.valuePreview(), letter.valueBytes());
      }
    }
    out.flush();
    return 0;
  }
}
