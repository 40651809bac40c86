package dev.memlog.projector.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Named SQL statements read from a {@code .sql} resource, split on {@code -- name: NAME} lines. */
public final class SqlStatements {

  private static final Pattern NAME_LINE = Pattern.compile("^-- name: (\\S+)\\s*$", Pattern.MULTILINE);

  private final String resource;
  private final Map<String, String> byName;

  private SqlStatements(String resource, Map<String, String> byName) {
    this.resource = resource;
    this.byName = byName;
  }

  /** Loads the statements of a classpath resource; fails at once when it is missing. */
  public static SqlStatements load(String resource) {
    var text = read(resource);
    var byName = new LinkedHashMap<String, String>();
    var matcher = NAME_LINE.matcher(text);
    String name = null;
    int start = 0;
    while (matcher.find()) {
      if (name != null) {
        byName.put(name, trim(text.substring(start, matcher.start())));
      }
      name = matcher.group(1);
      start = matcher.end();
    }
    if (name != null) {
      byName.put(name, trim(text.substring(start)));
    }
    return new SqlStatements(resource, Map.copyOf(byName));
  }

  /** Reads a whole classpath resource as UTF-8 text; fails at once when it is missing. */
  public static String read(String resource) {
    try (InputStream in = SqlStatements.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SQL resource not found on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The statement with this name; throws if the file has none. */
  public String get(String name) {
    var sql = byName.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no statement named '" + name + "' in " + resource);
    }
    return sql;
  }

  private static String trim(String sql) {
    var trimmed = sql.strip();
    return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
