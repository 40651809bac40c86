package dev.memlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys a first start creates are never printed (the printer never sees them): only whose they are, and where. */
class NodeCommandTest {

  @Test
  void shouldSayForWhomKeysWereCreatedAndInWhichFile() {
    var printed = new StringWriter();

    NodeCommand.printCreatedKeys(List.of("acme", "admin"), Path.of("memlog-data", "dev-keys.env"),
        new PrintWriter(printed));

    assertThat(printed.toString()).contains("acme, admin")
        .contains(Path.of("memlog-data", "dev-keys.env").toAbsolutePath().toString());
  }

  @Test
  void shouldPrintNothingWhenNoKeyWasCreated() {
    var printed = new StringWriter();

    NodeCommand.printCreatedKeys(List.of(), Path.of("dev-keys.env"), new PrintWriter(printed));

    assertThat(printed.toString()).isEmpty();
  }
}
