package dev.memlog.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the numbers were measured on: processor, cores, memory, JVM, OS, the disk of the data, the load average. */
public record Machine(String cpu, int cores, String memory, String jvm, String os, String disk, String loadAverage) {

  public static Machine describe(Path dataDir) {
    return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        disk(dataDir), currentLoadAverage());
  }

  public static String currentLoadAverage() {
    return firstLine(Path.of("/proc/loadavg"), "").trim();
  }

  private static String cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static String memTotal() {
    var line = firstLine(Path.of("/proc/meminfo"), "");
    var kib = line.replaceAll("[^0-9]", "");
    return kib.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / 1024.0 / 1024.0);
  }

  private static String disk(Path dir) {
    try {
      var store = Files.getFileStore(dir);
      return String.format(Locale.ROOT, "%s (%s), %.0f GiB, %.0f GiB free", store.name(), store.type(),
          store.getTotalSpace() / 1073741824.0, store.getUsableSpace() / 1073741824.0);
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(Path file, String fallback) {
    try (var lines = Files.lines(file)) {
      return lines.findFirst().orElse(fallback);
    } catch (IOException e) {
      return fallback;
    }
  }
}
