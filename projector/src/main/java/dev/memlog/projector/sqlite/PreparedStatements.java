package dev.memlog.projector.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The named statements of one connection, each prepared once and reused. Not thread-safe. */
public final class PreparedStatements implements AutoCloseable {

  private final Connection connection;
  private final SqlStatements sql;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  public PreparedStatements(Connection connection, SqlStatements sql) {
    this.connection = connection;
    this.sql = sql;
  }

  /** The prepared statement named {@code name}, with {@code params} bound in order. */
  public PreparedStatement bind(String name, Object... params) throws SQLException {
    var statement = prepared.get(name);
    if (statement == null) {
      statement = connection.prepareStatement(sql.get(name));
      prepared.put(name, statement);
    }
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

  public Connection connection() {
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
