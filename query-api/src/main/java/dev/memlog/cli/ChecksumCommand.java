package dev.memlog.cli;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.stream.ShardFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the content checksum of a data dir's read model; read-only, so it also runs beside a live node. */
@Command(name = "checksum", mixinStandardHelpOptions = true,
    description = "Print the content checksum of the read-model shards in the data dir: one SHA-256 per partition "
        + "of the events topic and a total. Two read models projected from the same log have the same checksum. "
        + "Read-only: it can run while a node runs. Exit code 1 if the full-text index does not match the content.")
final class ChecksumCommand implements Callable<Integer> {

  @Mixin DataDirOptions options;

  @Option(names = "--json", description = "Print the checksum as JSON (what GET /v1/admin/checksum answers).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var stateDir = options.resolve(System.getenv()).stateDir();
    var files = ShardFiles.under(stateDir);
    if (files.isEmpty()) {
      spec.commandLine().getErr().printf("no read-model shard under %s%n", stateDir);
      return 1;
    }
    var checksum = ReadModelChecksum.of(files, new Progress(spec.commandLine().getErr(), files.size()));
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(checksum));
    } else {
      print(out, checksum);
    }
    out.flush();
    return checksum.ftsMatchesContent() ? 0 : 1;
  }

  /** One line on stderr per shard done, so a long checksum shows it is moving (stdout stays the result). */
  private static final class Progress implements ReadModelChecksum.Progress {
    private final PrintWriter err;
    private final int files;
    private final long started = System.nanoTime();
    private int done;

    Progress(PrintWriter err, int files) {
      this.err = err;
      this.files = files;
    }

    @Override
    public void fileDone(Path file, long rows) {
      done++;
      err.printf(Locale.ROOT, "checksum: partition %d done (%d of %d shards), %d rows, %.1f s%n",
          ShardFiles.partitionOf(file), done, files, rows, (System.nanoTime() - started) / 1e9);
      err.flush();
    }
  }

  static void print(PrintWriter out, Checksum checksum) {
    checksum.partitions().forEach((partition, hash) -> out.printf("partition %-4d %s%n", partition, hash));
    out.printf("total          %s%n", checksum.total());
    out.printf("rows           %s%n", new java.util.TreeMap<>(checksum.rows()));
    out.printf("applied        %s%n", new java.util.TreeMap<>(checksum.appliedOffsets()));
    out.printf("fts index      %s%n", checksum.ftsMatchesContent() ? "matches the content"
        : "DOES NOT MATCH the content in partitions " + checksum.ftsMismatchedPartitions());
  }
}
