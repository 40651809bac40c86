package dev.memlog.projector.sqlite;

import java.sql.SQLException;

/**
 * The FTS5 index of messages, written in the writer's transaction. FTS5's {@code secure-delete} option removes a
 * deleted row's tokens from the index itself (so a forgotten or redacted word leaves no trace), but it makes
 * every insert cost three times as much; so it is off (migration V6) and switched on only inside a transaction
 * that deletes index rows, and off again before that transaction commits: the deletes are secure, the inserts
 * of every other transaction are not taxed.
 *
 * <p>New rows are indexed together at the end of the transaction, after secure-delete went off again, not one by
 * one between the fold's other statements: the writer fed 60,000 bench events took 64.3 µs of CPU per event
 * indexing each message as it came, 47.1 µs indexing them together, for the same read model (checksum). A row
 * deleted while it still waits to be indexed is only taken off the waiting list; so a transaction with an edit
 * (nearly every one: the bench's workload edits 1% of its messages) no longer indexes its new rows with
 * secure-delete on.
 */
final class FtsIndex {

  private final PreparedStatements sql;
  /** Rows to index before the transaction commits, in rowid order (see {@link #indexPending()}). */
  private final java.util.TreeSet<Long> pending = new java.util.TreeSet<>();
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

  /**
   * Removes the message whose row is {@code id} from the index, tokens included, while its row is indexable; a row
   * still waiting to be indexed in this transaction is only taken off the list.
   */
  void delete(long id) throws SQLException {
    if (pending.remove(id)) {
      return;
    }
    secureDeletes();
    sql.update("fts-delete", id);
  }

  /**
   * Removes every message of a conversation from the index, tokens included. The rows waiting to be indexed are
   * indexed first (the statement deletes every row of the conversation), with secure-delete on if an earlier
   * delete of this transaction switched it on: forgetting is rare.
   */
  void deleteConversation(String tenant, String conversationId) throws SQLException {
    indexPending();
    secureDeletes();
    sql.update("fts-delete-conversation", tenant, conversationId);
  }

  /**
   * Called before the transaction commits: secure-delete goes off again (FTS5 writes the transaction's deletes
   * then), and the pending rows are indexed without it.
   */
  void beforeCommit() throws SQLException {
    if (secureDelete) {
      sql.update("fts-secure-delete", 0);
      secureDelete = false;
    }
    indexPending();
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
