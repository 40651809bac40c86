package dev.memlog.projector.read;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a named read statement returned on one shard, as plain values (text, numbers, nulls), so that a shard
 * on another node can answer over HTTP; {@link #resultSet()} reads them back as the readers read local rows.
 *
 * @param rows each row's column values, in column order
 * @param appliedOffset the shard's last applied offset when it answered, -1 before any
 */
public record RowsAnswer(List<List<Object>> rows, long appliedOffset) {

  public RowsAnswer {
    rows = List.copyOf(rows.stream().map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row)))
        .toList());
  }

  /** Every row of {@code result}, read on a shard whose last applied offset is {@code appliedOffset}. */
  public static RowsAnswer of(ResultSet result, long appliedOffset) throws SQLException {
    return new RowsAnswer(read(result), appliedOffset);
  }

  private static List<List<Object>> read(ResultSet result) throws SQLException {
    int columns = result.getMetaData().getColumnCount();
    var rows = new ArrayList<List<Object>>();
    while (result.next()) {
      var row = new ArrayList<Object>(columns);
      for (int c = 1; c <= columns; c++) {
        row.add(result.getObject(c));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * The rows as a forward-only result set that answers what the readers ask of one: {@code next}, and
   * {@code getObject}, {@code getString}, {@code getLong}, {@code getInt}, {@code getDouble} and
   * {@code getBoolean} by column index; any other call throws {@link SQLException}.
   */
  public ResultSet resultSet() {
    var cursor = new int[] {-1};
    var lastNull = new boolean[] {false};
    return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "next":
              return ++cursor[0] < rows.size();
            case "close":
              return null;
            case "wasNull":
              return lastNull[0];
            case "getObject", "getString", "getLong", "getInt", "getDouble", "getBoolean":
              if (args.length == 1 && args[0] instanceof Integer column) {
                var value = rows.get(cursor[0]).get(column - 1);
                lastNull[0] = value == null;
                return convert(method.getName(), value);
              }
              break;
            default:
              break;
          }
          throw new SQLException("a remote shard's rows do not support " + method);
        });
  }

  private static Object convert(String getter, Object value) {
    return switch (getter) {
      case "getString" -> value == null ? null : value.toString();
      case "getLong" -> value == null ? 0L : ((Number) value).longValue();
      case "getInt" -> value == null ? 0 : ((Number) value).intValue();
      case "getDouble" -> value == null ? 0.0 : ((Number) value).doubleValue();
      case "getBoolean" -> value != null && ((Number) value).intValue() != 0;
      default -> value;
    };
  }
}
