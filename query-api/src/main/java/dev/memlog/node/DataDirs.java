package dev.memlog.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's data on disk: keeps it readable by its owner only, and deletes read models (a shard's directory, a
 * node's state directory, the read model of an old layout).
 */
public final class DataDirs {

  private static final Logger LOGGER = LoggerFactory.getLogger(DataDirs.class);
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirs() {}

  /**
   * Creates {@code root} if needed and makes it and everything in it its owner's only (0700 directories, 0600
   * files): it holds every tenant's content and the keys that open the sealed log. Files the broker and the read
   * models create later cannot be reached by other users through the 0700 directory. Nothing on a file system
   * without POSIX permissions.
   *
   * @throws UncheckedIOException if the permissions cannot be set
   */
  public static void ownerOnly(Path root) {
    try {
      Files.createDirectories(root);
      if (!Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class)) {
        return;
      }
      int changed = 0;
      try (var paths = Files.walk(root)) {
        for (var path : paths.filter(path -> !Files.isSymbolicLink(path)).toList()) {
          var wanted = Files.isDirectory(path) ? DIRECTORY : FILE;
          if (!Files.getPosixFilePermissions(path).equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
            changed++;
          }
        }
      }
      if (changed > 0) {
        LOGGER.atInfo().addKeyValue("dataDir", root).addKeyValue("paths", changed)
            .log("data dir made readable by its owner only");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + root + " readable by its owner only", e);
    }
  }

  /**
   * Deletes {@code root} and everything under it; nothing if it does not exist.
   *
   * @throws UncheckedIOException if something cannot be deleted
   */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
