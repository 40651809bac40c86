package dev.memlog.projector.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Deletes every row one input partition produced, and its applied offset, in the writer's transaction. */
final class PartitionDrop {

  private static final SqlStatements SQL = SqlStatements.load("dev/memlog/projector/sqlite/drop-partition.sql");
  private static final List<String> TABLES = List.of("delete-messages", "delete-message-versions",
      "delete-conversations", "delete-entities", "delete-relations", "delete-mentions", "delete-forgotten");

  private PartitionDrop() {}

  /** Returns the number of rows deleted. */
  static long run(Connection connection, String topic, int partition) throws SQLException {
    var sql = new PreparedStatements(connection, SQL);
    try (sql) {
      sql.update("fts-delete-partition", partition);
      long deleted = 0;
      for (var table : TABLES) {
        deleted += sql.update(table, partition);
      }
      sql.update("delete-applied-offset", topic, partition);
      return deleted;
    }
  }
}
