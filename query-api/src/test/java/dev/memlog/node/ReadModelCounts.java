package dev.memlog.node;

import dev.memlog.projector.stream.ShardFiles;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row counts of a node's SQLite read model, read on a read-only connection (also while the node writes). */
final class ReadModelCounts {

  private static final Map<String, String> QUERIES = Map.of(
      "messages", "SELECT count(*) FROM messages WHERE role IS NOT NULL",
      "counted", "SELECT coalesce(sum(message_count), 0) FROM conversations",
      "conversations", "SELECT count(*) FROM conversations",
      // an external-content FTS5 table counts its content table; the docsize table counts what is indexed
      "fts", "SELECT count(*) FROM messages_fts_docsize",
      "redacted", "SELECT count(*) FROM messages WHERE redacted = 1",
      "mentions", "SELECT count(*) FROM mentions",
      "entities", "SELECT count(*) FROM entities",
      "relations", "SELECT count(*) FROM relations");

  private ReadModelCounts() {}

  /** The counts summed over every shard of the data dir. */
  static Map<String, Long> of(Path dataDir) {
    var counts = new LinkedHashMap<String, Long>();
    QUERIES.keySet().forEach(name -> counts.put(name, 0L));
    for (var file : ShardFiles.under(dataDir.resolve("streams"))) {
      ofShard(file.toAbsolutePath()).forEach((name, count) -> counts.merge(name, count, Long::sum));
    }
    return counts;
  }

  private static Map<String, Long> ofShard(Path file) {
    var counts = new LinkedHashMap<String, Long>();
    try (var connection = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
        var statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (var query : QUERIES.entrySet()) {
        try (var rows = statement.executeQuery(query.getValue())) {
          counts.put(query.getKey(), rows.getLong(1));
        }
      }
      connection.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the rows of " + file + ": " + e.getMessage(), e);
    }
    return counts;
  }
}
