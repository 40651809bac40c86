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
    QUERIES.forEach((name, query) -> counts.put(name, sum(dataDir, query)));
    return counts;
  }

  /** What a query that counts (one row, one number) answers, summed over every shard of the data dir. */
  static long sum(Path dataDir, String query) {
    long sum = 0;
    for (var file : ShardFiles.under(dataDir.resolve("streams"))) {
      try (var connection = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
          var statement = connection.createStatement(); var rows = statement.executeQuery(query)) {
        sum += rows.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot count the rows of " + file + ": " + e.getMessage(), e);
      }
    }
    return sum;
  }
}
