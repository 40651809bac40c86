package dev.memlog.projector.sqlite;

/** A SQLite failure of the read model, with the operation that failed in its message. */
public final class SqliteException extends RuntimeException {
  public SqliteException(String message, Throwable cause) {
    super(message, cause);
  }
}
