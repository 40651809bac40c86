package dev.memlog.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of a process now and at its peak (VmRSS, VmHWM), in MiB; NaN where /proc is absent. */
public record ProcessMemory(double rssMib, double peakRssMib) {

  static ProcessMemory of(long pid) {
    try {
      double rss = Double.NaN;
      double peak = Double.NaN;
      for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line) / 1024.0;
        } else if (line.startsWith("VmHWM:")) {
          peak = kib(line) / 1024.0;
        }
      }
      return new ProcessMemory(rss, peak);
    } catch (IOException | RuntimeException e) {
      return new ProcessMemory(Double.NaN, Double.NaN);
    }
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
