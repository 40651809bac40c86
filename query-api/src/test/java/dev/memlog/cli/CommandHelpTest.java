package dev.memlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each command's help shows the options that command reads, and no other command's. */
class CommandHelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"node", "demo", "rebuild"})
  void shouldShowTheNodeOptionsOnTheCommandsThatRunANode(String command) {
    var help = help(command);

    assertThat(help).contains("--http-port", "--data-dir", "--config", "--verbose")
        .contains("without it the node runs its own embedded broker");
  }

  @ParameterizedTest
  @ValueSource(strings = {"checksum", "keys add"})
  void shouldShowNoKafkaOrHttpOptionOnTheCommandsThatReadTheDataDir(String command) {
    var help = help(command.split(" "));

    assertThat(help).contains("--data-dir", "--config")
        .doesNotContain("--http-port", "--bootstrap-servers", "--connect-timeout", "embedded broker");
  }

  @ParameterizedTest
  @ValueSource(strings = {"import", "dlq list", "dlq republish"})
  void shouldShowTheClusterOptionsOnTheCommandsThatAreKafkaClients(String command) {
    var help = help(command.split(" "));

    assertThat(help).contains("--bootstrap-servers", "--connect-timeout", "--config")
        .doesNotContain("--http-port", "--data-dir", "the node runs its own embedded broker");
  }

  @Test
  void shouldShowOnlyTheSubcommandsOnTheCommandGroups() {
    assertThat(help("dlq")).contains("list", "republish").doesNotContain("--bootstrap-servers", "--data-dir");
    assertThat(help("keys")).contains("add").doesNotContain("--data-dir", "--tenant");
  }

  private static String help(String... command) {
    var out = new StringWriter();
    var args = new String[command.length + 1];
    System.arraycopy(command, 0, args, 0, command.length);
    args[command.length] = "--help";
    int exit = MemlogApp.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
        .execute(args);
    assertThat(exit).isZero();
    return out.toString().replaceAll("\\s+", " "); // picocli wraps descriptions at 80 columns
  }
}
