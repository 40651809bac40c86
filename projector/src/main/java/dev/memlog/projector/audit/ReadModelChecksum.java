package dev.memlog.projector.audit;

import dev.memlog.projector.sqlite.SqlStatements;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.SqliteException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.CancellationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * Computes the content checksum of a SQLite read model from its rows, on a read-only connection inside one read
 * transaction (one consistent snapshot, also while a node writes). Per partition: one SHA-256 per table over its
 * content columns in primary-key order, and an order-independent hash of the FTS index's tokens by message key;
 * the partition hash covers them all, and the total covers the partition hashes in order. The FTS index is also
 * compared token by token with a fresh tokenization of the content it should hold.
 */
public final class ReadModelChecksum {

  /** The content tables, in the order they enter a partition's hash. */
  static final List<String> TABLES = List.of("conversations", "messages", "message-versions", "entities",
      "relations", "mentions", "forgotten");

  /** Told as each file of a read model is checksummed. */
  @FunctionalInterface
  public interface Progress {
    /** {@code file} is done; it held {@code rows} content rows. */
    void fileDone(Path file, long rows);
  }

  private static final SqlStatements SQL = SqlStatements.load("dev/memlog/projector/audit/checksum.sql");
  private static final String FTS_TOKENS = "fts_tokens";

  private ReadModelChecksum() {}

  /** The checksum of the read model in {@code database}; it only reads. */
  public static Checksum of(SqliteDatabase database) {
    return of(database.file());
  }

  /**
   * The checksum of the read-model file {@code file}, opened read-only (neither created nor migrated).
   *
   * @throws SqliteException if the file is not a memlog read model
   */
  public static Checksum of(Path file) {
    return of(List.of(file));
  }

  /**
   * The checksum of a read model held in several files (one shard per partition), each opened read-only: the
   * same checksum as one file holding all their rows.
   *
   * @throws SqliteException if a file is not a memlog read model
   */
  public static Checksum of(Collection<Path> files) {
    return of(files, (file, rows) -> { });
  }

  /**
   * The checksum of a read model held in several files, as {@link #of(Collection)}, telling {@code progress} as
   * each file is done. An interrupt of the calling thread stops it between two rows.
   *
   * @throws SqliteException if a file is not a memlog read model
   * @throws CancellationException if the calling thread was interrupted (its interrupt flag stays set)
   */
  public static Checksum of(Collection<Path> files, Progress progress) {
    var sums = new Sums();
    for (var file : files) {
      try (var connection = openReadOnly(file)) {
        connection.setAutoCommit(false);
        try {
          progress.fileDone(file, sums.add(connection));
        } finally {
          connection.rollback();
        }
      } catch (SQLException e) {
        throw new SqliteException("cannot compute the checksum of " + file + ": " + e.getMessage(), e);
      }
    }
    return assemble(sums.tables, sums.index, sums.expected, sums.rows, sums.applied);
  }

  /**
   * The checksum of a read model whose partitions were checksummed apart (on the nodes that serve them): the
   * same total as one checksum over all their rows. Partitions must not overlap.
   *
   * @throws IllegalArgumentException if two checksums cover the same partition
   */
  public static Checksum combine(Collection<Checksum> parts) {
    var partitions = new TreeMap<Integer, String>();
    var rows = new TreeMap<String, Long>();
    var mismatched = new TreeSet<Integer>();
    var applied = new TreeMap<String, Long>();
    for (var part : parts) {
      part.partitions().forEach((partition, hash) -> {
        if (partitions.put(partition, hash) != null) {
          throw new IllegalArgumentException("partition " + partition + " is in two checksums");
        }
      });
      part.rows().forEach((table, count) -> rows.merge(table, count, Long::sum));
      mismatched.addAll(part.ftsMismatchedPartitions());
      applied.putAll(part.appliedOffsets());
    }
    return new Checksum(total(partitions), partitions, rows, mismatched.isEmpty(), List.copyOf(mismatched),
        applied);
  }

  /** The number of content rows in a read-model file (every table the checksum covers). */
  public static long rowCount(Path file) {
    try (var connection = openReadOnly(file); var statement = connection.createStatement(); var rows = statement.executeQuery(SQL.get("row-count"))) {
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new SqliteException("cannot count the rows of " + file + ": " + e.getMessage(), e);
    }
  }

  /** A read-only connection to a read-model file that is neither created nor migrated. */
  private static Connection openReadOnly(Path file) throws SQLException {
    var config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    return config.createConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
  }

  /** What the files read so far add up to, by partition. */
  private static final class Sums {
    final Map<Integer, Map<String, RowHasher>> tables = new HashMap<>();
    final Map<Integer, TokenMultiset> index = new HashMap<>();
    final Map<Integer, TokenMultiset> expected = new HashMap<>();
    final Map<String, Long> rows = new TreeMap<>();
    final Map<String, Long> applied = new TreeMap<>();

    /** Adds the rows of one file; answers how many content rows it held. */
    long add(Connection connection) throws SQLException {
      long added = 0;
      try (var statement = connection.createStatement()) {
        for (var table : TABLES) {
          long count = hashTable(statement, table, tables);
          rows.merge(table, count, Long::sum);
          added += count;
        }
        try {
          statement.executeUpdate(SQL.get("create-index-vocab"));
          statement.executeUpdate(SQL.get("create-expected-index"));
          statement.executeUpdate(SQL.get("fill-expected-index"));
          statement.executeUpdate(SQL.get("create-expected-vocab"));
          rows.merge(FTS_TOKENS, hashTokens(statement, "index-tokens", index), Long::sum);
          hashTokens(statement, "expected-tokens", expected);
        } finally {
          statement.executeUpdate(SQL.get("drop-temp"));
        }
        applied.putAll(appliedOffsets(statement));
      }
      return added;
    }
  }

  private static long hashTable(Statement statement, String table, Map<Integer, Map<String, RowHasher>> hashes)
      throws SQLException {
    long count = 0;
    try (var result = statement.executeQuery(SQL.get(table))) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        stopIfInterrupted();
        var hasher = hashes.computeIfAbsent(result.getInt(1), p -> new HashMap<>())
            .computeIfAbsent(table, t -> new RowHasher());
        for (int c = 2; c <= columns; c++) {
          hasher.value(result.getObject(c));
        }
        hasher.endRow();
        count++;
      }
    }
    return count;
  }

  private static long hashTokens(Statement statement, String query, Map<Integer, TokenMultiset> sets)
      throws SQLException {
    long count = 0;
    try (var result = statement.executeQuery(SQL.get(query))) {
      while (result.next()) {
        stopIfInterrupted();
        sets.computeIfAbsent(result.getInt(1), p -> new TokenMultiset()).add(result.getString(2),
            result.getString(3), result.getString(4), result.getString(5), result.getLong(6));
        count++;
      }
    }
    return count;
  }

  private static Checksum assemble(Map<Integer, Map<String, RowHasher>> tables, Map<Integer, TokenMultiset> index,
      Map<Integer, TokenMultiset> expected, Map<String, Long> rows, Map<String, Long> applied) {
    var partitions = new TreeSet<Integer>(tables.keySet());
    partitions.addAll(index.keySet());
    partitions.addAll(expected.keySet());
    var perPartition = new TreeMap<Integer, String>();
    var mismatched = new ArrayList<Integer>();
    for (int partition : partitions) {
      var digest = RowHasher.sha256();
      var ofPartition = tables.getOrDefault(partition, Map.of());
      for (var table : TABLES) {
        var hasher = ofPartition.get(table);
        digest.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(hasher == null ? 0 : hasher.rows()).array());
        digest.update(hasher == null ? new byte[32] : hasher.finish());
      }
      var tokens = index.getOrDefault(partition, new TokenMultiset());
      digest.update(FTS_TOKENS.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      digest.update(tokens.value());
      if (!tokens.sameAs(expected.getOrDefault(partition, new TokenMultiset()))) {
        mismatched.add(partition);
      }
      perPartition.put(partition, RowHasher.hex(digest.digest()));
    }
    return new Checksum(total(perPartition), perPartition, rows, mismatched.isEmpty(), mismatched, applied);
  }

  private static void stopIfInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("the checksum was interrupted");
    }
  }

  /** The total over partition hashes (hex), in partition order. */
  private static String total(SortedMap<Integer, String> partitions) {
    var total = RowHasher.sha256();
    partitions.forEach((partition, hash) -> {
      total.update(ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
      total.update(java.util.HexFormat.of().parseHex(hash));
    });
    return RowHasher.hex(total.digest());
  }

  private static Map<String, Long> appliedOffsets(Statement statement) throws SQLException {
    var applied = new TreeMap<String, Long>();
    try (var result = statement.executeQuery(SQL.get("applied-offsets"))) {
      while (result.next()) {
        applied.put(result.getString(1) + "/" + result.getInt(2), result.getLong(3));
      }
    }
    return applied;
  }
}
