package dev.memlog.bench.load;

import dev.memlog.bench.node.BenchKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives wrk (one thread, N connections) with a Lua script that walks the list of paths and prints wrk's own
 * percentiles in one parseable line.
 */
final class Wrk implements LoadGenerator {

  private static final String SCRIPT = """
      local paths = {}
      for line in io.lines("%s") do
        local path, key = line:match("^(%%S+) (%%S+)$")
        paths[#paths + 1] = {path or line, key}
      end
      local i = 0
      request = function()
        i = i + 1
        local entry = paths[(i %% #paths) + 1]
        local headers = {}
        if entry[2] ~= "-" then headers["Authorization"] = "Bearer " .. entry[2] end
        return wrk.format("GET", entry[1], headers)
      end
      done = function(summary, latency, requests)
        local e = summary.errors
        io.write(string.format("BENCH %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
          latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
          e.status + e.connect + e.read + e.write + e.timeout))
      end
      """;

  private final Path executable;
  private final Path workDir;

  Wrk(Path executable, Path workDir) {
    this.executable = executable;
    this.workDir = workDir;
  }

  static Optional<Path> find() {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, "wrk")).filter(LoadGenerator::executable).findFirst();
  }

  @Override
  public Latency run(String route, String baseUrl, List<String> paths, Duration duration, int connections) {
    try {
      Files.createDirectories(workDir);
      var pathsFile = workDir.resolve(route + ".paths");
      Files.write(pathsFile, paths.stream().map(path -> {
        var key = BenchKeys.keyForPath(path);
        return path + " " + (key == null ? "-" : key);
      }).toList(), StandardCharsets.UTF_8);
      var script = workDir.resolve(route + ".lua");
      Files.writeString(script, SCRIPT.formatted(pathsFile.toAbsolutePath()));
      var process = new ProcessBuilder(executable.toString(), "-t1", "-c" + connections,
          "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "-s", script.toString(), baseUrl)
          .redirectErrorStream(true).start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      return parse(route, output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run wrk", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static Latency parse(String route, String output) {
    var line = output.lines().filter(l -> l.startsWith("BENCH ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output));
    var f = line.substring(6).trim().split("\\s+");
    long requests = Long.parseLong(f[0]);
    double seconds = Long.parseLong(f[1]) / 1e6;
    return new Latency(route, ms(f[2]), ms(f[3]), ms(f[4]), ms(f[5]), requests / seconds, requests,
        Long.parseLong(f[6]), "wrk");
  }

  private static double ms(String micros) {
    return Long.parseLong(micros) / 1000.0;
  }
}
