package dev.memlog.node;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model of memlog before shards: one SQLite file for every partition, in {@code DATA_DIR/read-model}.
 * The shards that replace it are restored from the events topic, so the old file is removed, and the node says so.
 */
final class OldReadModel {

  private static final Logger LOGGER = LoggerFactory.getLogger(OldReadModel.class);

  private OldReadModel() {}

  /** Removes the single-file read model of {@code dataDir}, if there is one. */
  static void remove(Path dataDir) {
    var directory = dataDir.resolve("read-model");
    if (!Files.isDirectory(directory)) {
      return;
    }
    LOGGER.atWarn().addKeyValue("directory", directory).log("found the single-file read model of an older memlog; "
        + "removing it: every partition's shard is rebuilt from the events topic");
    DataDirs.deleteTree(directory);
  }
}
