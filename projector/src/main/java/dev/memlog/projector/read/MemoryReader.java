package dev.memlog.projector.read;

import dev.memlog.projector.sqlite.Micros;
import dev.memlog.projector.sqlite.SqlStatements;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.SqliteException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads history, search results and relations from the SQLite read model, every query scoped to one tenant.
 * Holds a small pool of read-only connections; thread-safe.
 */
public final class MemoryReader implements AutoCloseable {

  private static final SqlStatements SQL = SqlStatements.load("dev/memlog/projector/read/reads.sql");

  private final BlockingQueue<Connection> pool;

  private MemoryReader(BlockingQueue<Connection> pool) {
    this.pool = pool;
  }

  /** A reader with {@code connections} read-only connections to the database. */
  public static MemoryReader open(SqliteDatabase database, int connections) {
    var pool = new ArrayBlockingQueue<Connection>(connections);
    try {
      for (int i = 0; i < connections; i++) {
        pool.add(database.openReader());
      }
    } catch (SQLException e) {
      throw new SqliteException("cannot open readers on " + database.file(), e);
    }
    return new MemoryReader(pool);
  }

  public boolean conversationExists(String tenant, String conversationId) {
    return query("conversation-exists", ResultSet::next, tenant, conversationId);
  }

  /**
   * A conversation's messages in time order, {@code limit} at a time, after the position {@code cursor} names
   * (null for the first page).
   *
   * @throws IllegalArgumentException if the cursor is not one this reader gave out
   */
  public Page<MessageView> messages(String tenant, String conversationId, String cursor, int limit) {
    var after = cursor == null ? new Cursor(Long.MIN_VALUE, "") : Cursor.decode(cursor);
    List<MessageView> items = query("messages-page", rows -> {
      var list = new ArrayList<MessageView>();
      while (rows.next()) {
        list.add(new MessageView(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
            Micros.toInstant(rows.getLong(5)), rows.getInt(6) != 0));
      }
      return list;
    }, tenant, conversationId, after.micros(), after.messageId(), limit + 1);
    if (items.size() <= limit) {
      return new Page<>(items, null);
    }
    var last = items.get(limit - 1);
    return new Page<>(items.subList(0, limit), new Cursor(Micros.of(last.occurredAt()), last.messageId()).encode());
  }

  /** Messages matching the query, best first. */
  public List<SearchHit> search(String tenant, SearchQuery query, int limit, int offset) {
    return query("search", rows -> {
      var hits = new ArrayList<SearchHit>();
      while (rows.next()) {
        hits.add(new SearchHit(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
            Micros.toInstant(rows.getLong(5)), rows.getDouble(6), rows.getString(7)));
      }
      return hits;
    }, query.expression(), tenant, limit, offset);
  }

  public boolean entityExists(String tenant, String entityId) {
    return query("entity-exists", ResultSet::next, tenant, entityId);
  }

  /** The relations that start from the entity, strongest first. */
  public List<Relation> relationsFrom(String tenant, String entityId, int limit) {
    return query("relations-out", MemoryReader::relations, tenant, entityId, limit);
  }

  /** The relations that end at the entity, strongest first. */
  public List<Relation> relationsTo(String tenant, String entityId, int limit) {
    return query("relations-in", MemoryReader::relations, tenant, entityId, limit);
  }

  @Override
  public void close() {
    for (var connection : pool) {
      try {
        connection.close();
      } catch (SQLException e) {
        throw new SqliteException("cannot close a reader", e);
      }
    }
  }

  private static List<Relation> relations(ResultSet rows) throws SQLException {
    var list = new ArrayList<Relation>();
    while (rows.next()) {
      list.add(new Relation(rows.getString(1), rows.getString(2), rows.getString(3), rows.getDouble(4),
          Micros.toInstant(rows.getLong(5))));
    }
    return list;
  }

  private <T> T query(String name, RowsReader<T> reader, Object... params) {
    Connection connection;
    try {
      connection = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReadUnavailableException("interrupted while waiting for a reader", e);
    }
    try (PreparedStatement statement = connection.prepareStatement(SQL.get(name))) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (var rows = statement.executeQuery()) {
        return reader.read(rows);
      }
    } catch (SQLException e) {
      throw new SqliteException("query " + name + " failed", e);
    } finally {
      pool.add(connection);
    }
  }

  @FunctionalInterface
  private interface RowsReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** A keyset position: the (occurred_at, message_id) of the last message of a page. */
  private record Cursor(long micros, String messageId) {
    String encode() {
      var text = micros + ":" + messageId;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("cursor is not valid: " + cursor, e);
      }
    }
  }
}
