package dev.memlog.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the build's console which tests were skipped and why (the container tests without -Pcontainers or
 * without Docker). Surefire and failsafe print only a count of skipped tests, and this build sends the tests'
 * own output to files; the forked JVM's native stderr is what still reaches Maven's console. Registered for every
 * test run of the module in META-INF/services.
 */
public final class SkipReasonsOnConsole implements TestExecutionListener {

  private static final PrintStream CONSOLE =
      new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    var name = test.getSource().map(SkipReasonsOnConsole::name).orElse(test.getDisplayName());
    // one write, starting on a line of its own: the console interleaves it with the lines of the Maven process
    CONSOLE.print(System.lineSeparator() + "[SKIPPED] " + name + ": " + reason + System.lineSeparator());
  }

  private static String name(TestSource source) {
    if (source instanceof ClassSource type) {
      return type.getClassName();
    }
    if (source instanceof MethodSource method) {
      return method.getClassName() + "#" + method.getMethodName();
    }
    return source.toString();
  }
}
