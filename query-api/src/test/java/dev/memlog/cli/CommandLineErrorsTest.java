package dev.memlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command that fails says so in one line on stderr and exits non-zero; the stack trace only with --verbose. */
class CommandLineErrorsTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldRefuseABadTenantInOneLineWithExitCode1() {
    int exit = run("keys", "add", "--tenant", "Bad Tenant", "--data-dir", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("memlog keys add: 'Bad Tenant' is not a tenant name").contains("--verbose");
    assertThat(out.toString()).isEmpty();
    assertThat(dir.resolve("api-keys")).doesNotExist();
  }

  @Test
  void shouldPrintTheStackTraceAfterTheLineWithVerbose() {
    int exit = run("keys", "add", "--tenant", "Bad Tenant", "--data-dir", dir.toString(), "--verbose");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines().findFirst()).hasValueSatisfying(line ->
        assertThat(line).isEqualTo("memlog keys add: 'Bad Tenant' is not a tenant name nor 'admin'"));
    assertThat(err.toString()).contains("java.lang.IllegalArgumentException").contains("\tat dev.memlog.");
  }

  @Test
  void shouldSayInOneLineThatNoBrokerAnsweredWhenImporting() throws IOException {
    var events = Files.writeString(dir.resolve("events.jsonl"), "{}\n");

    int exit = run("import", events.toString(), "--bootstrap-servers", "127.0.0.1:" + closedPort(),
        "--connect-timeout", "1");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("memlog import: no Kafka broker answered at 127.0.0.1:").doesNotContain("Exception");
  }

  @Test
  void shouldSayInOneLineThatNoBrokerAnsweredWhenListingDeadLetters() throws IOException {
    int exit = run("dlq", "list", "--config", config("MEMLOG_BROKER_PORT=" + closedPort()).toString(),
        "--connect-timeout", "1");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("memlog dlq list: no Kafka broker answered at 127.0.0.1:");
  }

  @Test
  void shouldRefuseAMissingOptionInOneLineWithExitCode2() {
    int exit = run("keys", "add");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString()
        .isEqualTo("memlog keys add: Missing required option: '--tenant=<tenant>' (see 'memlog keys add --help')");
  }

  private Path config(String line) throws IOException {
    return Files.writeString(dir.resolve("memlog.properties"), line + "\n");
  }

  private int run(String... args) {
    return MemlogApp.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  /** A port nothing listens on (it was free a moment ago). */
  private static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
