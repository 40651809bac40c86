package dev.memlog.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second broker off a data directory that one already uses. Kafka locks its log directory only when its
 * broker half starts, after its controller half has written to the shared metadata log, and then halts the JVM;
 * so the lock has to be taken before Kafka starts at all.
 */
final class DataDirLock implements AutoCloseable {

  private static final String LOCK_FILE = "memlog-broker.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    var channel = open(dataDir);
    try {
      return new DataDirLock(channel, lock(channel, dataDir));
    } catch (RuntimeException e) {
      try {
        channel.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try (channel) {
      lock.release();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the broker data directory lock", e);
    }
  }

  private static FileChannel open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      return FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new BrokerStartException("Cannot open a lock file in the broker data directory " + dataDir
          + ": " + e, e);
    }
  }

  private static FileLock lock(FileChannel channel, Path dataDir) {
    try {
      var lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir, "a broker in another process");
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      throw inUse(dataDir, "another broker in this JVM");
    } catch (IOException e) {
      throw new BrokerStartException("Cannot lock the broker data directory " + dataDir + ": " + e, e);
    }
  }

  private static BrokerStartException inUse(Path dataDir, String holder) {
    return new BrokerStartException("The broker data directory " + dataDir + " is already in use by " + holder);
  }
}
