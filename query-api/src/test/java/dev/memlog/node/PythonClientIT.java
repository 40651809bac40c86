package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Python client's own tests ({@code clients/python/tests}, standard-library {@code unittest}), run against a
 * node each of them starts from the shaded jar this module has just packaged. They need {@code python3} 3.11+;
 * without it they are skipped, and the build's output says so.
 */
@ExtendWith(PythonClientIT.Python311.class)
class PythonClientIT {

  private static final Path CLIENT = Path.of("..", "clients", "python");
  private static final Path JAR = Path.of("target", "memlog.jar");

  @Test
  void shouldPassThePythonClientsTestsAgainstARealNode() throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar, packaged before the integration tests").exists();
    var log = Files.createTempFile("memlog-python-client", ".log");
    try {
      var python = new ProcessBuilder("python3", "-B", "-m", "unittest", "discover", "--start-directory", "tests",
          "--verbose").directory(CLIENT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      python.environment().put("MEMLOG_JAR", JAR.toAbsolutePath().toString());
      python.environment().put("JAVA_HOME", System.getProperty("java.home"));
      var process = python.start();
      boolean done = process.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        process.destroyForcibly();
      }
      var output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("python tests finished within 10 minutes:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("python3 -m unittest:%n%s", output).isZero();
      assertThat(output).containsPattern("Ran [1-9][0-9]* tests");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Runs the test only where {@code python3} is 3.11 or newer. */
  static final class Python311 implements ExecutionCondition {
    private static final Pattern VERSION = Pattern.compile("Python 3\\.(\\d+)");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      try {
        var process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
        var version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(30, TimeUnit.SECONDS);
        var matcher = VERSION.matcher(version);
        if (matcher.find() && Integer.parseInt(matcher.group(1)) >= 11) {
          return ConditionEvaluationResult.enabled(version);
        }
        return ConditionEvaluationResult.disabled("the Python client's tests need python3 3.11+, found " + version);
      } catch (IOException e) {
        return ConditionEvaluationResult.disabled("the Python client's tests need python3 3.11+, none on PATH");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ConditionEvaluationResult.disabled("interrupted while looking for python3");
      }
    }
  }
}
