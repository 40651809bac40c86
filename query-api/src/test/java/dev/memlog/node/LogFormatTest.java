package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node's logback.xml (the main one, not the tests'): the text pattern, and MEMLOG_LOG_FORMAT=json. */
class LogFormatTest {

  private static final String MESSAGE = "read-model shard opened";

  @Test
  void shouldWriteOneJsonObjectALineWithTimestampLevelAndMessageWhenTheFormatIsJson() throws Exception {
    var lines = logWith("json");

    assertThat(lines).hasSize(1);
    var line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.path("timestamp").isNumber()).as(lines.get(0)).isTrue();
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asText()).isEqualTo("dev.memlog.test");
    assertThat(line.path("formattedMessage").asText()).isEqualTo(MESSAGE + " 3");
    assertThat(line.path("kvpList").toString()).contains("\"partition\"", "3");
  }

  @Test
  void shouldStartTextLinesWithAnIso8601DateTimeAndZoneByDefault() throws Exception {
    assumeTrue(System.getenv("MEMLOG_LOG_FORMAT") == null, "MEMLOG_LOG_FORMAT is set in this environment");

    var lines = logWith(null);

    assertThat(lines).hasSize(1);
    var stamp = lines.get(0).substring(0, lines.get(0).indexOf(' '));
    assertThat(OffsetDateTime.parse(stamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME)).isNotNull();
    assertThat(lines.get(0)).contains(" INFO ", "partition=\"3\"", MESSAGE + " 3");
  }

  @Test
  void shouldRefuseToStartANodeWithAnUnknownLogFormat() {
    assertThatThrownBy(() -> NodeConfig.fromEnv(Map.of("MEMLOG_LOG_FORMAT", "xml")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEMLOG_LOG_FORMAT must be text or json");
    assertThat(NodeConfig.variables()).contains("MEMLOG_LOG_FORMAT");
  }

  /** The lines of this test's message that logback.xml writes to stderr, with MEMLOG_LOG_FORMAT set to format. */
  private List<String> logWith(String format) throws JoranException, IOException {
    var context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (format != null) {
      context.putProperty("MEMLOG_LOG_FORMAT", format);
    }
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    var stderr = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      // a WARN of logback itself would make it print its whole status on every start
      assertThat(new StatusUtil(context).getHighestLevel(0)).as("logback's status").isLessThan(Status.WARN);
      context.getLogger("dev.memlog.test").atInfo().addKeyValue("partition", 3).log(MESSAGE + " {}", 3);
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(MESSAGE)).toList();
  }
}
