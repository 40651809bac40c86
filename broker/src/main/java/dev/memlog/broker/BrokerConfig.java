package dev.memlog.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an {@link EmbeddedKafkaBroker} needs to start.
 *
 * @param dataDir directory that holds the broker's log (created if missing, reused on restart); never null
 * @param port client listener port on 127.0.0.1, from 0 to 65535; 0 picks a free port
 * @param defaultPartitions partition count of topics created without an explicit count; at least 1
 * @throws IllegalArgumentException if port or defaultPartitions is out of range
 * @throws NullPointerException if dataDir is null
 */
public record BrokerConfig(Path dataDir, int port, int defaultPartitions) {

  private static final int MAX_PORT = 65_535;

  /** Validates the values; see the record's parameters. */
  public BrokerConfig {
    Objects.requireNonNull(dataDir, "dataDir must not be null");
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException(
          "port must be between 0 and " + MAX_PORT + " (0 picks a free port), but was " + port);
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException("defaultPartitions must be at least 1, but was " + defaultPartitions);
    }
  }
}
