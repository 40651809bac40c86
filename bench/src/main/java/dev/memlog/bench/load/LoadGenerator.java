package dev.memlog.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Sends GETs of the given paths (round robin) with a fixed number of connections, closed loop, for a while. */
public interface LoadGenerator {

  Latency run(String route, String baseUrl, List<String> paths, Duration duration, int connections);

  /** wrk when {@code choice} is "wrk", or "auto" and wrk is on the PATH; else the JDK generator. */
  static LoadGenerator choose(String choice, Path workDir) {
    var wrk = Wrk.find();
    if (choice.equals("wrk") || (choice.equals("auto") && wrk.isPresent())) {
      return new Wrk(wrk.orElseThrow(() -> new IllegalStateException("wrk is not installed")), workDir);
    }
    return new JdkLoad();
  }

  /** Whether a file is an executable, for finding tools on the PATH. */
  static boolean executable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
