package dev.memlog.projector.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/** Opens the node's SQLite read-model file: one writer connection, any number of read-only ones. */
public final class SqliteDatabase {

  private static final Logger LOGGER = LoggerFactory.getLogger(SqliteDatabase.class);

  /** Schema migrations in the order they apply; the n-th brings {@code PRAGMA user_version} to n. */
  static final List<String> MIGRATIONS =
      List.of("V1__read_model.sql", "V2__entity_type_index.sql", "V3__message_versions.sql",
          "V4__message_tokens_and_attachments.sql", "V5__fts_tenant_column.sql",
          "V6__fts_secure_delete_only_when_deleting.sql", "V7__tenant_rowid_ranges.sql");

  private static final String MIGRATION_DIR = "dev/memlog/projector/sqlite/migrations/";

  private final Path file;

  private SqliteDatabase(Path file) {
    this.file = file;
  }

  /** The database in {@code file}, created and migrated to the latest schema if needed. */
  public static SqliteDatabase open(Path file) {
    return open(file, MIGRATIONS.size());
  }

  /** The database in {@code file}, migrated up to schema version {@code version} (for migration tests). */
  static SqliteDatabase open(Path file, int version) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new SqliteException("cannot create the directory of " + file, e);
    }
    var database = new SqliteDatabase(file);
    try (var connection = database.openWriter()) {
      migrate(connection, version);
    } catch (SQLException e) {
      throw new SqliteException("cannot migrate " + file, e);
    }
    return database;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /**
   * A connection for the single writer: WAL, synchronous=NORMAL, auto-commit off, and secure_delete on, so that
   * the content of a forgotten conversation is overwritten in the file rather than left in free pages.
   */
  public Connection openWriter() throws SQLException {
    var config = baseConfig();
    config.setCacheSize(-64 * 1024);
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    // the WAL shrinks back to 64 MiB after each checkpoint instead of keeping the size a read-heavy hour gave it
    config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(64L * 1024 * 1024));
    var connection = config.createConnection("jdbc:sqlite:" + file);
    connection.setAutoCommit(false);
    return connection;
  }

  /** A read-only connection; it sees what the writer has committed. */
  public Connection openReader() throws SQLException {
    var config = baseConfig();
    config.setReadOnly(true);
    config.setCacheSize(-16 * 1024);
    return config.createConnection("jdbc:sqlite:" + file);
  }

  private static SQLiteConfig baseConfig() {
    var config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    return config;
  }

  private static void migrate(Connection connection, int target) throws SQLException {
    int version;
    try (var statement = connection.createStatement(); var rows = statement.executeQuery("PRAGMA user_version")) {
      version = rows.getInt(1);
    }
    for (int next = version; next < target; next++) {
      var name = MIGRATIONS.get(next);
      try (var statement = connection.createStatement()) {
        statement.executeUpdate(SqlStatements.read(MIGRATION_DIR + name));
        statement.executeUpdate("PRAGMA user_version = " + (next + 1));
      }
      connection.commit();
      LOGGER.atInfo().addKeyValue("migration", name).addKeyValue("userVersion", next + 1).log("schema migrated");
    }
  }
}
