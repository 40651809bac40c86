package dev.memlog.projector.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The named statements of one connection, each prepared once and reused. Not thread-safe. */
final class PreparedStatements implements AutoCloseable {

  private final Connection connection;
  private final SqlStatements sql;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  PreparedStatements(Connection connection, SqlStatements sql) {
    this.connection = connection;
    this.sql = sql;
  }

  /** The prepared statement named {@code name}, with {@code params} bound in order. */
  PreparedStatement bind(String name, Object... params) throws SQLException {
    return bind(prepared(name, sql.get(name)), params);
  }

  /** The prepared statement named {@code name} on the FTS5 table {@code index}, with {@code params} bound. */
  PreparedStatement bind(FtsTable index, String name, Object... params) throws SQLException {
    return bind(prepared(name + "@" + index.name(), index.expand(sql.get(name))), params);
  }

  /** Runs a statement on an FTS5 table that changes rows and returns how many it changed. */
  int update(FtsTable index, String name, Object... params) throws SQLException {
    return bind(index, name, params).executeUpdate();
  }

  private PreparedStatement prepared(String key, String text) throws SQLException {
    var statement = prepared.get(key);
    if (statement == null) {
      statement = connection.prepareStatement(text);
      prepared.put(key, statement);
    }
    return statement;
  }

  private static PreparedStatement bind(PreparedStatement statement, Object... params) throws SQLException {
    statement.clearParameters();
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }

  /** Runs a statement that changes rows and returns how many it changed. */
  int update(String name, Object... params) throws SQLException {
    return bind(name, params).executeUpdate();
  }

  Connection connection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    for (var statement : prepared.values()) {
      statement.close();
    }
    prepared.clear();
  }
}
