package dev.memlog.testing;

import dev.memlog.api.ApiContract;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeSet;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lists, after a test run, which documented operations and statuses real answers were validated for
 * ({@link ApiContract}), and which operations no test of the run asked: one line on the build's console, the
 * whole list in {@code target/api-contract/validated-by-its.txt} (integration tests) or
 * {@code validated-by-tests.txt}. Registered in META-INF/services.
 */
public final class ApiContractReport implements TestExecutionListener {

  private static final PrintStream CONSOLE =
      new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

  private volatile boolean integrationTests;

  @Override
  public void executionStarted(TestIdentifier test) {
    if (test.getSource().orElse(null) instanceof ClassSource type && type.getClassName().endsWith("IT")) {
      integrationTests = true;
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    var validated = new TreeSet<>(ApiContract.validated());
    if (validated.isEmpty()) {
      return;
    }
    var unasked = new TreeSet<>(ApiContract.documentedOperations());
    validated.forEach(answer -> unasked.remove(answer.substring(0, answer.lastIndexOf(' '))));
    var lines = new ArrayList<String>();
    lines.add("# answers validated against the OpenAPI document: METHOD path status");
    lines.addAll(validated);
    lines.add("# documented operations no test of this run asked");
    lines.addAll(unasked);
    var file = Path.of("target", "api-contract", integrationTests ? "validated-by-its.txt" : "validated-by-tests.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CONSOLE.print(System.lineSeparator() + "[API CONTRACT] " + validated.size() + " operation/status pairs validated"
        + " against real answers; operations not asked: " + (unasked.isEmpty() ? "none" : unasked) + " (" + file
        + ")" + System.lineSeparator());
  }
}
