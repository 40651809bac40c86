package dev.memlog.projector.read;

import dev.memlog.projector.sqlite.PreparedStatements;
import dev.memlog.projector.sqlite.SqlStatements;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.SqliteException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A small pool of read-only SQLite connections and the named read statements; each query borrows a connection
 * inside a callback (none escapes) and is timed in {@code memlog.store.sqlite.query{query=NAME}}. Each connection
 * keeps its statements prepared: preparing {@code search-candidates} cost 94 µs of CPU, once per shard of every
 * search. A statement is reset when its rows are closed, so it holds no read snapshot between queries.
 * Thread-safe.
 */
public final class ReadConnections implements ShardReads, AutoCloseable {

  private static final SqlStatements SQL = SqlStatements.load("dev/memlog/projector/read/reads.sql");

  private final BlockingQueue<Reader> pool;
  private final MeterRegistry meters;
  private volatile boolean closed;

  private ReadConnections(BlockingQueue<Reader> pool, MeterRegistry meters) {
    this.pool = pool;
    this.meters = meters;
  }

  /** {@code connections} read-only connections to the database. */
  public static ReadConnections open(SqliteDatabase database, int connections, MeterRegistry meters) {
    var pool = new ArrayBlockingQueue<Reader>(connections);
    try {
      for (int i = 0; i < connections; i++) {
        pool.add(new Reader(database.openReader()));
      }
    } catch (SQLException e) {
      pool.forEach(Reader::closeQuietly);
      throw new SqliteException("cannot open readers on " + database.file(), e);
    }
    return new ReadConnections(pool, meters);
  }

  @Override
  public <T> T query(String name, RowsReader<T> reader, Object... params) {
    Reader connection;
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
    try (var rows = connection.bind(name, params).executeQuery()) {
      return reader.read(rows);
    } catch (SQLException e) {
      connection.reprepare();
      throw new SqliteException("query " + name + " failed", e);
    } finally {
      release(connection);
      sample.stop(Timer.builder("memlog.store.sqlite.query").description("time of one SQLite read query")
          .tag("query", name).publishPercentileHistogram().register(meters));
    }
  }

  private void release(Reader connection) {
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
      connection.closeQuietly();
    }
  }

  /** A read-only connection and the statements prepared on it so far. Used by one query at a time. */
  private static final class Reader {
    private final PreparedStatements statements;

    Reader(Connection connection) {
      this.statements = new PreparedStatements(connection, SQL);
    }

    PreparedStatement bind(String name, Object... params) throws SQLException {
      return statements.bind(name, params);
    }

    /** Closes the statements after a failure, so that the next query prepares them afresh. */
    void reprepare() {
      try {
        statements.close();
      } catch (SQLException e) {
        // a query failed already; its failure is the one reported
      }
    }

    void closeQuietly() {
      try {
        statements.close();
        statements.connection().close();
      } catch (SQLException e) {
        throw new SqliteException("cannot close a reader", e);
      }
    }
  }
}
