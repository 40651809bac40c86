package dev.memlog.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running in this JVM: one KRaft node in combined mode (broker and controller), bound to
 * 127.0.0.1, with its log under {@link BrokerConfig#dataDir()}. Restarting on the same directory keeps every
 * topic and record; only one broker at a time may use a directory. Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final RunningServer server;
  private final DataDirLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(RunningServer server, DataDirLock lock) {
    this.server = server;
    this.lock = lock;
  }

  /**
   * Starts a broker and blocks until it accepts clients, for at most 60 s. The first start on a directory formats
   * it (with a new cluster id); later starts reuse it.
   *
   * @param config where and how to run; never null
   * @return the running broker, which the caller must close
   * @throws BrokerStartException if the broker cannot start: port in use, directory used by another broker,
   *     storage that cannot be formatted or read, or not ready in time
   */
  public static EmbeddedKafkaBroker start(BrokerConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    var startedNanos = System.nanoTime();
    if (config.port() != 0) {
      LocalPorts.requireFree(config.port());
    }
    var lock = DataDirLock.acquire(config.dataDir());
    try {
      var logDir = createLogDir(config.dataDir());
      StorageFormatter.formatIfNeeded(logDir);
      var server = RaftServerLauncher.launch(config, logDir, startedNanos + START_TIMEOUT.toNanos());
      LOGGER.atInfo().setMessage("Kafka broker started")
          .addKeyValue("bootstrapServers", server.bootstrapServers())
          .addKeyValue("logDir", logDir)
          .addKeyValue("startMillis", millisSince(startedNanos))
          .log();
      return new EmbeddedKafkaBroker(server, lock);
    } catch (RuntimeException e) {
      releaseAfterFailure(lock, e);
      throw e;
    }
  }

  /** Where clients connect: {@code 127.0.0.1:PORT}; never null. */
  public String bootstrapServers() {
    return server.bootstrapServers();
  }

  /**
   * Shuts the broker down and waits until each of its threads has said it is done (the last of them end a moment
   * later); later calls do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    var startedNanos = System.nanoTime();
    try (lock) {
      server.stop();
    }
    LOGGER.atInfo().setMessage("Kafka broker stopped")
        .addKeyValue("bootstrapServers", server.bootstrapServers())
        .addKeyValue("stopMillis", millisSince(startedNanos))
        .log();
  }

  private static Path createLogDir(Path dataDir) {
    var logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
    try {
      return Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new BrokerStartException("Cannot create the Kafka log directory " + logDir + ": " + e, e);
    }
  }

  private static void releaseAfterFailure(DataDirLock lock, RuntimeException failure) {
    try {
      lock.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static long millisSince(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }
}
