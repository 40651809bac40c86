package dev.memlog.projector.sqlite;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The range of rowids of each tenant's messages in a shard (V7__tenant_rowid_ranges.sql): the tenant's ordinal, in
 * the order of its first message, in the high 32 bits. A search asks FTS5 for the tenant's range. Kept in memory
 * (one entry per tenant), like the forgotten table: read when the writer opens and again whenever a transaction
 * did not commit, so a range given in a rolled-back transaction is given again. A range holds 2^32 - 1 messages of
 * one tenant in one shard.
 */
public final class TenantRanges {

  /** The most messages a tenant can have in one shard: the low 32 bits of the rowid, 0 left out. */
  public static final long RANGE_SIZE = 0xFFFF_FFFFL;

  private final PreparedStatements sql;
  private final Map<String, Long> ordinals = new HashMap<>();

  public TenantRanges(PreparedStatements sql) {
    this.sql = sql;
  }

  /** Reads the ranges the database holds. */
  public void load() throws SQLException {
    ordinals.clear();
    try (var rows = sql.bind("all-tenant-ranges").executeQuery()) {
      while (rows.next()) {
        ordinals.put(rows.getString(1), rows.getLong(2));
      }
    }
  }

  /**
   * The rowid before the first of the tenant's range (its messages are that + 1, + 2, ...); the tenant gets the
   * next range, in the transaction under way, if it has none yet.
   */
  public long before(String tenant) throws SQLException {
    Long ordinal = ordinals.get(tenant);
    if (ordinal == null) {
      ordinal = ordinals.size() + 1L;
      sql.update("add-tenant-range", tenant, ordinal);
      ordinals.put(tenant, ordinal);
    }
    return ordinal << 32;
  }

  /**
   * The rowid {@code insert-message} gave a message of the tenant whose range starts after {@code before}.
   *
   * @throws SQLException if the range is full: the rowid is past it, in the next tenant's range
   */
  public static long inRange(String tenant, long before, long rowid) throws SQLException {
    if (rowid > before + RANGE_SIZE) {
      throw new SQLException("tenant " + tenant + " has " + RANGE_SIZE
          + " messages in this shard, all its range of rowids holds (V7__tenant_rowid_ranges.sql)");
    }
    return rowid;
  }
}
