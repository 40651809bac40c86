package dev.memlog.node;

import dev.memlog.api.auth.ApiKeyFile;
import dev.memlog.api.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys of a node: {@code MEMLOG_API_KEYS} and the key file. A node on the embedded broker with no key at
 * all creates development keys at its first start — one per demo tenant and one admin key — stores their hashes
 * in the key file and writes the keys themselves, once, to {@code dev-keys.env} in the data dir (owner-only).
 * A node on an external cluster with no key refuses to start.
 */
final class NodeKeys {

  static final List<String> DEV_TENANTS = List.of("acme", "globex", "initech", ApiKeys.ADMIN);

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeKeys.class);

  private NodeKeys() {}

  /** The keys of the node, and the development keys it created now (empty unless this is its first start). */
  static Loaded load(NodeConfig config, boolean embeddedBroker) {
    var file = config.keyFile();
    var created = new LinkedHashMap<String, String>();
    if (config.apiKeys().isEmpty() && !Files.exists(file)) {
      if (!embeddedBroker) {
        throw new IllegalStateException("no API keys configured: set MEMLOG_API_KEYS or create keys with "
            + "'memlog keys add --tenant TENANT' (file " + file + ")");
      }
      DEV_TENANTS.forEach(tenant -> created.put(tenant, ApiKeyFile.add(file, tenant)));
      writeEnvFile(config.dataDir().resolve("dev-keys.env"), created);
      LOGGER.atWarn().addKeyValue("file", config.dataDir().resolve("dev-keys.env"))
          .log("created development API keys; use real keys in production");
    }
    var entries = new HashMap<>(config.apiKeys());
    if (Files.exists(file)) {
      entries.putAll(ApiKeyFile.read(file));
    }
    return new Loaded(ApiKeys.of(entries), created);
  }

  private static void writeEnvFile(Path file, Map<String, String> keys) {
    var text = keys.entrySet().stream()
        .map(e -> "export MEMLOG_KEY_" + e.getKey().toUpperCase(Locale.ROOT).replace('-', '_') + "=" + e.getValue())
        .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
    try {
      Files.writeString(file, text);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        LOGGER.atDebug().log("file system without POSIX permissions");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The keys, and the development keys created at this start ({@code tenant → key}). */
  record Loaded(ApiKeys keys, Map<String, String> created) {}
}
