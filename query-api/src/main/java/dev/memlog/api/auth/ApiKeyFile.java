package dev.memlog.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file of API key hashes, one per line: {@code SHA256HEX TENANT} (or {@code SHA256HEX admin}); {@code #} starts
 * a comment. Keys are added by appending a line.
 */
public final class ApiKeyFile {

  private ApiKeyFile() {}

  /** The {@code hash → tenant} entries of the file. */
  public static Map<String, String> read(Path file) {
    var entries = new LinkedHashMap<String, String>();
    try {
      int number = 0;
      for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        number++;
        var text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        var parts = text.split("\\s+");
        if (parts.length != 2) {
          throw new IllegalArgumentException(file + " line " + number + ": expected 'SHA256HEX TENANT'");
        }
        entries.put(parts[0], parts[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read API key file " + file, e);
    }
    return entries;
  }

  /** Creates a key for the tenant (or {@value ApiKeys#ADMIN}), appends its hash to the file, returns the key. */
  public static String add(Path file, String tenant) {
    var key = ApiKeys.newKey();
    ApiKeys.of(Map.of(ApiKeys.hash(key), tenant));
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, ApiKeys.hash(key) + " " + tenant + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write API key file " + file, e);
    }
    return key;
  }
}
