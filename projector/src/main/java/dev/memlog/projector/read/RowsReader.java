package dev.memlog.projector.read;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the rows of a query. */
@FunctionalInterface
public interface RowsReader<T> {
  T read(ResultSet rows) throws SQLException;
}
