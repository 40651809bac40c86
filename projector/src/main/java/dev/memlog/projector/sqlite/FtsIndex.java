package dev.memlog.projector.sqlite;

import java.sql.SQLException;

/**
 * The FTS5 index of messages, written in the writer's transaction. FTS5's {@code secure-delete} option removes a
 * deleted row's tokens from the index itself (so a forgotten or redacted word leaves no trace), but it makes
 * every insert cost three times as much; so it is off (migration V6) and switched on only inside a transaction
 * that deletes index rows, and off again before that transaction commits: the deletes are secure, the inserts
 * of every other transaction are not taxed.
 */
final class FtsIndex {

  private final PreparedStatements sql;
  private boolean secureDelete;

  FtsIndex(PreparedStatements sql) {
    this.sql = sql;
  }

  /** Indexes the message whose row is {@code id}, once its row is indexable. */
  void insert(long id) throws SQLException {
    sql.update("fts-insert", id);
  }

  /** Removes the message whose row is {@code id} from the index, tokens included, while its row is indexable. */
  void delete(long id) throws SQLException {
    secureDeletes();
    sql.update("fts-delete", id);
  }

  /** Removes every message of a conversation from the index, tokens included. */
  void deleteConversation(String tenant, String conversationId) throws SQLException {
    secureDeletes();
    sql.update("fts-delete-conversation", tenant, conversationId);
  }

  /** Called before the transaction commits: secure-delete goes off again with it. */
  void beforeCommit() throws SQLException {
    if (secureDelete) {
      sql.update("fts-secure-delete", 0);
      secureDelete = false;
    }
  }

  /** Called after the transaction rolled back (secure-delete went back off with it). */
  void rolledBack() {
    secureDelete = false;
  }

  private void secureDeletes() throws SQLException {
    if (!secureDelete) {
      sql.update("fts-secure-delete", 1);
      secureDelete = true;
    }
  }
}
