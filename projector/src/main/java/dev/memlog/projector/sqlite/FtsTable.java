package dev.memlog.projector.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The FTS5 table that indexes a tenant's messages in a shard (V7__fts_index_per_large_tenant.sql): the shared
 * {@code messages_fts}, where a search narrows the matches to the tenant's token, or {@code messages_fts_<n>},
 * the tenant's own once it has {@link #OWN_TABLE_AT} indexed messages in the shard. A statement that reads or
 * writes the index names it {@code {index}}, and a search narrows to the tenant (its parameter {@code ?1}) with
 * {@code {tenant_filter}}, which is empty in an own table; {@link #expand} fills both in. The names are memlog's
 * own (a number the writer assigns), never a caller's text.
 *
 * @param name the table's name
 * @param shared whether it is the table every other tenant shares
 */
public record FtsTable(String name, boolean shared) {

  /** The table every tenant's messages are indexed in until the tenant gets one of its own. */
  public static final FtsTable SHARED = new FtsTable("messages_fts", true);

  /** How many indexed messages in a shard give a tenant a table of its own. */
  public static final int OWN_TABLE_AT = 1_000;

  private static final String INDEX = "{index}";
  private static final String TENANT_FILTER = "{tenant_filter}";
  private static final SqlStatements SQL = SqlStatements.load("dev/memlog/projector/sqlite/fts-tables.sql");
  private static final SqlStatements PROJECTION = SqlStatements.load("dev/memlog/projector/sqlite/projection.sql");

  /** The own table numbered {@code tableNo}. */
  static FtsTable own(int tableNo) {
    return new FtsTable(SHARED.name() + "_" + tableNo, false);
  }

  /**
   * Moves every indexed message of a tenant from the shared table to a new table of its own, in the connection's
   * transaction: the next table number, the table, its rows in rowid order, then their secure deletion from the
   * shared table (secure-delete is off again there afterwards).
   *
   * @return the tenant's new table
   */
  public static FtsTable moveToOwnTable(Connection connection, String tenant) throws SQLException {
    int tableNo;
    try (var statement = connection.prepareStatement(PROJECTION.get("fts-next-table-no"));
        var rows = statement.executeQuery()) {
      tableNo = rows.getInt(1);
    }
    var own = own(tableNo);
    update(connection, own.expand(PROJECTION.get("fts-create-table")));
    update(connection, PROJECTION.get("fts-assign-table"), tenant, tableNo);
    update(connection, own.expand(PROJECTION.get("fts-insert-tenant")), tenant);
    update(connection, SHARED.expand(PROJECTION.get("fts-secure-delete")), 1);
    update(connection, SHARED.expand(PROJECTION.get("fts-delete-tenant")), tenant);
    update(connection, SHARED.expand(PROJECTION.get("fts-secure-delete")), 0);
    return own;
  }

  private static void update(Connection connection, String sql, Object... params) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    }
  }

  /** The tenant's table as the connection's transaction sees it. */
  public static FtsTable of(Connection connection, String tenant) throws SQLException {
    try (var statement = connection.prepareStatement(SQL.get("own-table-of-tenant"))) {
      statement.setString(1, tenant);
      try (var rows = statement.executeQuery()) {
        return rows.next() ? own(rows.getInt(1)) : SHARED;
      }
    }
  }

  /** Every FTS5 table of a shard, the shared one first. */
  public static List<FtsTable> all(Connection connection) throws SQLException {
    var tables = new ArrayList<FtsTable>();
    tables.add(SHARED);
    try (var statement = connection.prepareStatement(SQL.get("own-tables")); var rows = statement.executeQuery()) {
      while (rows.next()) {
        tables.add(own(rows.getInt(1)));
      }
    }
    return tables;
  }

  /** Whether a statement reads or writes the index, so that it must be {@link #expand expanded} first. */
  public static boolean namedIn(String statement) {
    return statement.contains(INDEX);
  }

  /** The statement on this table. */
  public String expand(String statement) {
    return statement.replace(TENANT_FILTER, shared ? "'tenant : t' || hex(?1) || ' AND ' ||" : "")
        .replace(INDEX, name);
  }
}
