package dev.memlog.projector.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The FTS5 index of messages, written in the writer's transaction.
 *
 * <p>A tenant's messages are indexed in the shared table until the tenant has {@code ownTableAt} indexed messages
 * in the shard; the message that brings it there moves them all to a table of the tenant's own, in its
 * transaction, for good (V7__fts_index_per_large_tenant.sql, {@link FtsTable}). The count is the rows' own, so a
 * replay of the same log moves the same tenants at the same events. It is kept in memory once read, and read
 * again after a rollback or a forgotten conversation.
 *
 * <p>FTS5's {@code secure-delete} option removes a deleted row's tokens from the index itself (so a forgotten or
 * redacted word leaves no trace), but it makes every insert cost three times as much; so it is off (migration
 * V6) and switched on only in the tables a transaction deletes index rows from, and off again before that
 * transaction commits: the deletes are secure, the inserts of every other transaction are not taxed. A move
 * deletes securely too, so the shared table keeps no trace of a tenant's words once they are forgotten.
 */
final class FtsIndex {

  private final PreparedStatements sql;
  private final int ownTableAt;
  private final Map<String, FtsTable> tables = new HashMap<>();
  private final Map<String, Integer> sharedCounts = new HashMap<>();
  private final Set<FtsTable> secureDeleting = new LinkedHashSet<>();

  FtsIndex(PreparedStatements sql, int ownTableAt) {
    this.sql = sql;
    this.ownTableAt = ownTableAt;
  }

  /** Indexes the tenant's message whose row is {@code id}, once its row is indexable. */
  void insert(String tenant, long id) throws SQLException {
    var table = table(tenant);
    sql.update(table, "fts-insert", id);
    if (table.shared()) {
      var counted = sharedCounts.get(tenant);
      int count = counted == null ? count(tenant) : counted + 1;
      sharedCounts.put(tenant, count);
      if (count >= ownTableAt) {
        moveToOwnTable(tenant);
      }
    }
  }

  /** Removes the tenant's message whose row is {@code id} from the index, tokens included, while it is indexable. */
  void delete(String tenant, long id) throws SQLException {
    var table = table(tenant);
    secureDeletes(table);
    sql.update(table, "fts-delete", id);
    sharedCounts.computeIfPresent(tenant, (t, count) -> count - 1);
  }

  /** Removes every message of a conversation from the index, tokens included. */
  void deleteConversation(String tenant, String conversationId) throws SQLException {
    var table = table(tenant);
    secureDeletes(table);
    sql.update(table, "fts-delete-conversation", tenant, conversationId);
    sharedCounts.remove(tenant);
  }

  /** Called before the transaction commits: secure-delete goes off again with it. */
  void beforeCommit() throws SQLException {
    for (var table : secureDeleting) {
      sql.update(table, "fts-secure-delete", 0);
    }
    secureDeleting.clear();
  }

  /** Called after the transaction rolled back: what was read in it is read again when needed. */
  void rolledBack() {
    secureDeleting.clear();
    tables.clear();
    sharedCounts.clear();
  }

  private void moveToOwnTable(String tenant) throws SQLException {
    tables.put(tenant, FtsTable.moveToOwnTable(connection(), tenant));
    secureDeleting.remove(FtsTable.SHARED);
    sharedCounts.remove(tenant);
  }

  private FtsTable table(String tenant) throws SQLException {
    var table = tables.get(tenant);
    if (table == null) {
      table = FtsTable.of(connection(), tenant);
      tables.put(tenant, table);
    }
    return table;
  }

  private int count(String tenant) throws SQLException {
    try (var rows = sql.bind("fts-count-tenant", tenant).executeQuery()) {
      return rows.getInt(1);
    }
  }

  private Connection connection() {
    return sql.connection();
  }

  private void secureDeletes(FtsTable table) throws SQLException {
    if (secureDeleting.add(table)) {
      sql.update(table, "fts-secure-delete", 1);
    }
  }
}
