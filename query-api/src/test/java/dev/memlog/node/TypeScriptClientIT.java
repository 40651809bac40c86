package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The TypeScript client's own tests ({@code clients/typescript/test}, {@code node:test}): {@code npm ci} installs
 * what its package-lock.json pins (TypeScript, openapi-typescript and the agent frameworks the adapters are tested
 * against), then {@code npm test} compiles and runs them against a node they start from the shaded jar this module
 * has just packaged. They need node 20+ and npm; without them they are skipped, and the build's output says so.
 */
@ExtendWith(TypeScriptClientIT.Node20.class)
class TypeScriptClientIT {

  private static final Path CLIENT = Path.of("..", "clients", "typescript");
  private static final Path JAR = Path.of("target", "memlog.jar");
  private static final Pattern PASSED = Pattern.compile("(?m)^# pass ([1-9][0-9]*)$");

  @Test
  void shouldPassTheTypeScriptClientsTestsAgainstARealNode() throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar, packaged before the integration tests").exists();
    var log = Files.createTempFile("memlog-typescript-client", ".log");
    try {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), log);
      var output = run(List.of("npm", "test"), log);
      assertThat(output).containsPattern(PASSED).contains("# fail 0");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String run(List<String> command, Path log) throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("MEMLOG_JAR", JAR.toAbsolutePath().toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    var process = builder.start();
    boolean done = process.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    var output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("%s finished within 10 minutes:%n%s", command, output).isTrue();
    assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
    return output;
  }

  /** Runs the test only where {@code node} 20 or newer and {@code npm} are on the PATH. */
  static final class Node20 implements ExecutionCondition {
    private static final Pattern VERSION = Pattern.compile("^v(\\d+)\\.");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      var node = version("node");
      if (node == null) {
        return ConditionEvaluationResult.disabled("the TypeScript client's tests need node 20+ and npm, no node on PATH");
      }
      var matcher = VERSION.matcher(node);
      if (!matcher.find() || Integer.parseInt(matcher.group(1)) < 20) {
        return ConditionEvaluationResult.disabled("the TypeScript client's tests need node 20+ and npm, found node " + node);
      }
      var npm = version("npm");
      if (npm == null) {
        return ConditionEvaluationResult.disabled("the TypeScript client's tests need node 20+ and npm, no npm on PATH");
      }
      return ConditionEvaluationResult.enabled("node " + node + ", npm " + npm);
    }

    private static String version(String tool) {
      try {
        var process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
        var version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
