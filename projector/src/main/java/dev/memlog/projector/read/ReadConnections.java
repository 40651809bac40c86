package dev.memlog.projector.read;

import dev.memlog.projector.sqlite.SqlStatements;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.SqliteException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A small pool of read-only SQLite connections and the named read statements; each query borrows a connection
 * inside a callback (none escapes) and is timed in {@code memlog.store.sqlite.query{query=NAME}}. Thread-safe.
 */
public final class ReadConnections implements ShardReads, AutoCloseable {

  private static final SqlStatements SQL = SqlStatements.load("dev/memlog/projector/read/reads.sql");

  private final BlockingQueue<Connection> pool;
  private final MeterRegistry meters;
  private volatile boolean closed;

  private ReadConnections(BlockingQueue<Connection> pool, MeterRegistry meters) {
    this.pool = pool;
    this.meters = meters;
  }

  /** {@code connections} read-only connections to the database. */
  public static ReadConnections open(SqliteDatabase database, int connections, MeterRegistry meters) {
    var pool = new ArrayBlockingQueue<Connection>(connections);
    try {
      for (int i = 0; i < connections; i++) {
        pool.add(database.openReader());
      }
    } catch (SQLException e) {
      pool.forEach(ReadConnections::closeQuietly);
      throw new SqliteException("cannot open readers on " + database.file(), e);
    }
    return new ReadConnections(pool, meters);
  }

  @Override
  public <T> T query(String name, RowsReader<T> reader, Object... params) {
    Connection connection;
    try {
      connection = closed ? null : pool.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      if (connection == null) {
        throw new ReadUnavailableException("the shard is closed or busy: its partition moved or is restoring");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReadUnavailableException("interrupted while waiting for a reader", e);
    }
    var sample = Timer.start();
    try (var statement = connection.prepareStatement(SQL.get(name))) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (var rows = statement.executeQuery()) {
        return reader.read(rows);
      }
    } catch (SQLException e) {
      throw new SqliteException("query " + name + " failed", e);
    } finally {
      release(connection);
      sample.stop(Timer.builder("memlog.store.sqlite.query").description("time of one SQLite read query")
          .tag("query", name).publishPercentileHistogram().register(meters));
    }
  }

  private void release(Connection connection) {
    pool.add(connection);
    if (closed) {
      // the shard closed while this query ran: close what is left idle
      drain();
    }
  }

  @Override
  public void close() {
    closed = true;
    drain();
  }

  private void drain() {
    for (var connection = pool.poll(); connection != null; connection = pool.poll()) {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new SqliteException("cannot close a reader", e);
    }
  }
}
