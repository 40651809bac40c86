package dev.memlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.projector.sqlite.SqliteDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumCommandTest {

  @TempDir Path dataDir;

  @Test
  void shouldPrintALineOnStderrForEachPartitionAndTheChecksumOnStdout() throws Exception {
    // Given the shards of partitions 0 and 1 in Kafka Streams' layout
    for (var task : new String[] {"0_0", "0_1"}) {
      var file = Files.createDirectories(dataDir.resolve("streams/memlog-projector/" + task + "/read-model"))
          .resolve("shard.db");
      SqliteDatabase.open(file);
    }
    var out = new StringWriter();
    var err = new StringWriter();
    var commandLine = MemlogApp.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    // When the checksum command runs
    int exit = commandLine.execute("checksum", "--data-dir", dataDir.toString());

    // Then stderr tells each partition as it is done, and stdout holds the checksum alone
    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString().lines()).hasSize(2)
        .anySatisfy(line -> assertThat(line).startsWith("checksum: partition 0 done (1 of 2 shards)"))
        .anySatisfy(line -> assertThat(line).startsWith("checksum: partition 1 done (2 of 2 shards)"));
    assertThat(out.toString()).contains("total").doesNotContain("checksum: partition");
  }
}
