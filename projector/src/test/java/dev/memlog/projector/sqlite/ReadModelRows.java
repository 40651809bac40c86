package dev.memlog.projector.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of a read model without provenance or row ids, for comparing two projections in tests. */
final class ReadModelRows {

  private static final Map<String, String> QUERIES = Map.of(
      "conversations", "SELECT tenant, conversation_id, title, started_at, message_count, last_message_at "
          + "FROM conversations ORDER BY 1, 2",
      "messages", "SELECT tenant, conversation_id, message_id, role, occurred_at, content, redacted "
          + "FROM messages ORDER BY 1, 2, 3",
      "entities", "SELECT tenant, entity_id, entity_type, name, attributes, updated_at FROM entities ORDER BY 1, 2",
      "relations", "SELECT tenant, from_entity_id, relation_type, to_entity_id, strength FROM relations ORDER BY 1, 2, 3, 4",
      "mentions", "SELECT tenant, entity_id, conversation_id, message_id FROM mentions ORDER BY 1, 2, 3, 4",
      "versions", "SELECT tenant, conversation_id, message_id, content, content_at, content_event_id "
          + "FROM message_versions ORDER BY 1, 2, 3, 5, 6",
      "fts:kettle", "SELECT m.message_id, m.content FROM messages_fts f JOIN messages m ON m.id = f.rowid "
          + "WHERE messages_fts MATCH 'kettle' ORDER BY 1",
      "fts:secret", "SELECT m.message_id FROM messages_fts f JOIN messages m ON m.id = f.rowid "
          + "WHERE messages_fts MATCH 'secret' ORDER BY 1");

  private ReadModelRows() {}

  static Map<String, List<List<Object>>> of(SqliteDatabase database) throws SQLException {
    var result = new LinkedHashMap<String, List<List<Object>>>();
    try (var connection = database.openReader(); var statement = connection.createStatement()) {
      for (var query : new java.util.TreeMap<>(QUERIES).entrySet()) {
        var rows = new ArrayList<List<Object>>();
        try (var resultSet = statement.executeQuery(query.getValue())) {
          int columns = resultSet.getMetaData().getColumnCount();
          while (resultSet.next()) {
            var row = new ArrayList<Object>();
            for (int c = 1; c <= columns; c++) {
              row.add(resultSet.getObject(c));
            }
            rows.add(row);
          }
        }
        result.put(query.getKey(), rows);
      }
    }
    return result;
  }
}
