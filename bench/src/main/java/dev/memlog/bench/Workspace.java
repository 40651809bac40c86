package dev.memlog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The output directory: the report and plots at the top, the run's data (broker log, read models) under work/. */
final class Workspace {

  private final Path root;

  private Workspace(Path root) {
    this.root = root;
  }

  /** The output directory with an empty work/ directory (the previous run's data is deleted). */
  static Workspace fresh(Path outputDir) {
    var workspace = new Workspace(outputDir.toAbsolutePath());
    delete(workspace.root.resolve("work"));
    workspace.dir("work");
    return workspace;
  }

  Path root() {
    return root;
  }

  /** A directory under work/, created if absent. */
  Path dir(String name) {
    var dir = root.resolve("work").resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return dir;
  }

  /** Where every child node appends its output. */
  Path nodeLog() {
    return root.resolve("node.log");
  }

  static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (var files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + file, e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
