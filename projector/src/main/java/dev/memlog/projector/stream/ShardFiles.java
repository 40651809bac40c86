package dev.memlog.projector.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Where a node keeps its shards: {@code STATE_DIR/APPLICATION_ID/TASK/read-model/shard.db}, one per task whose
 * partition the node holds or held (Kafka Streams' layout of state stores). Read by tools that run beside a node
 * or after it: the checksum command and tests.
 */
public final class ShardFiles {

  private ShardFiles() {}

  /** The shard files under a Kafka Streams state directory, in path order; empty if there is none. */
  public static List<Path> under(Path stateDir) {
    if (!Files.isDirectory(stateDir)) {
      return List.of();
    }
    try (Stream<Path> applications = Files.list(stateDir)) {
      return applications.filter(Files::isDirectory).flatMap(ShardFiles::tasks)
          .map(task -> ReadModelShard.directory(task).resolve(ReadModelShard.FILE)).filter(Files::isRegularFile)
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the shards in " + stateDir, e);
    }
  }

  /** The partition of a shard file found by {@link #under(Path)}: its task directory names it. */
  public static int partitionOf(Path shardFile) {
    return TaskId.parse(shardFile.getParent().getParent().getFileName().toString()).partition();
  }

  private static Stream<Path> tasks(Path application) {
    try (Stream<Path> tasks = Files.list(application)) {
      return tasks.filter(Files::isDirectory).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the tasks in " + application, e);
    }
  }
}
