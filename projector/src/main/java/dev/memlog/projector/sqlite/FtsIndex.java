package dev.memlog.projector.sqlite;

import java.sql.SQLException;

/**
 * The FTS5 index of messages, written in the writer's transaction. FTS5's {@code secure-delete} option removes a
 * deleted row's tokens from the index itself (so a forgotten or redacted word leaves no trace), but it makes
 * every insert cost three times as much; so it is off (migration V6) and switched on only inside a transaction
 * that deletes index rows, and off again before that transaction commits: the deletes are secure, the inserts
 * of every other transaction are not taxed.
 *
 * <p>New rows are indexed together at the end of the transaction (or before an index row is deleted in it), not
 * one by one between the fold's other statements: the writer fed 60,000 bench events took 64.3 µs of CPU per
 * event indexing each message as it came, 47.1 µs indexing them together, for the same read model (checksum).
 */
final class FtsIndex {

  private final PreparedStatements sql;
  private final java.util.List<Long> pending = new java.util.ArrayList<>();
  private boolean secureDelete;

  FtsIndex(PreparedStatements sql) {
    this.sql = sql;
  }

  /**
   * Indexes the message whose row is {@code id}, once its row is indexable: before the transaction commits, or
   * before an index row is deleted in it, whichever comes first.
   */
  void insert(long id) {
    pending.add(id);
  }

  /** Removes the message whose row is {@code id} from the index, tokens included, while its row is indexable. */
  void delete(long id) throws SQLException {
    indexPending();
    secureDeletes();
    sql.update("fts-delete", id);
  }

  /** Removes every message of a conversation from the index, tokens included. */
  void deleteConversation(String tenant, String conversationId) throws SQLException {
    indexPending();
    secureDeletes();
    sql.update("fts-delete-conversation", tenant, conversationId);
  }

  /** Called before the transaction commits: the pending rows are indexed, and secure-delete goes off again. */
  void beforeCommit() throws SQLException {
    indexPending();
    if (secureDelete) {
      sql.update("fts-secure-delete", 0);
      secureDelete = false;
    }
  }

  /** Called after the transaction rolled back (secure-delete went back off with it). */
  void rolledBack() {
    pending.clear();
    secureDelete = false;
  }

  /**
   * Indexes the pending rows in rowid order: each tenant has a range of rowids (V7), so a transaction's new rows
   * come in several ranges, and FTS5 flushes its pending terms into a new segment whenever a rowid goes backwards.
   */
  private void indexPending() throws SQLException {
    java.util.Collections.sort(pending);
    for (long id : pending) {
      sql.update("fts-insert", id);
    }
    pending.clear();
  }

  private void secureDeletes() throws SQLException {
    if (!secureDelete) {
      sql.update("fts-secure-delete", 1);
      secureDelete = true;
    }
  }
}
