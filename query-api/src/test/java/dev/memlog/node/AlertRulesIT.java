package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and Prometheus configuration of deploy/prometheus against a real node's /metrics: every metric
 * a rule reads exists there, so a renamed metric fails the build; and, where promtool is installed, promtool
 * accepts the rules, passes their unit tests (memlog-rules.test.yaml), and accepts the configuration and the
 * scrape.
 */
class AlertRulesIT {

  private static final Path PROMETHEUS = Path.of("..", "deploy", "prometheus");
  private static final Path RULES = PROMETHEUS.resolve("memlog-rules.yaml");

  @TempDir static Path dir;

  private static MemlogNode node;
  private static String scrape;

  @BeforeAll
  static void scrapeARunningNode() {
    node = NodeTesting.startNode(dir.resolve("data"), 2);
    await().atMost(Duration.ofSeconds(90))
        .until(() -> node.projectorState() == KafkaStreams.State.RUNNING);
    // reads of both stores, so that their timers have series (they are registered by query and store when used)
    var http = new NodeHttp(node);
    assertThat(http.get("/livez").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/acme/search?q=kettle").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/acme/conversations/c-1").status()).isEqualTo(404);
    // the Kafka consumer's per-partition lag appears once the stream threads have fetched
    scrape = await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/metrics").text(),
        text -> text.contains("kafka_consumer_fetch_manager_records_lag{"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void shouldReadOnlyMetricsARealNodeExposes() throws IOException {
    var missing = new LinkedHashMap<String, Set<String>>();
    var read = new TreeSet<String>();
    for (var rule : rules()) {
      for (var name : PromQl.metricNames(rule.expr())) {
        read.add(name);
        if (!exposed(name)) {
          missing.computeIfAbsent(rule.alert(), alert -> new TreeSet<>()).add(name);
        }
      }
    }

    assertThat(read).as("metrics the rules read").contains("memlog_partition_lag",
        "memlog_projector_dead_letters_total", "memlog_projector_dead_letters_failed_total", "memlog_ready", "memlog_http_server_errors_total",
        "memlog_http_requests_seconds_count", "memlog_rebuild_remaining_records");
    assertThat(missing).as("metrics the rules read that /metrics does not expose").isEmpty();
  }

  @Test
  void shouldDrawOnlyMetricsARealNodeExposesOnTheGrafanaDashboard() throws IOException {
    var dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Path.of("..", "deploy", "grafana", "memlog-dashboard.json").toFile());
    var missing = new TreeSet<String>();
    var read = new TreeSet<String>();
    for (var expr : dashboard.findValues("expr")) {
      for (var name : PromQl.metricNames(expr.asText())) {
        read.add(name);
        if (!exposed(name)) {
          missing.add(name);
        }
      }
    }

    assertThat(read).as("metrics the dashboard reads").contains("memlog_partition_lag",
        "memlog_projector_event_age_seconds_bucket", "jvm_memory_used_bytes");
    assertThat(missing).as("metrics the dashboard reads that /metrics does not expose").isEmpty();
  }

  @Test
  @ExtendWith(Promtool.class)
  void shouldPassPromtoolsChecksOfTheRulesTheConfigurationAndTheScrape() throws IOException, InterruptedException {
    var rules = promtool(null, "check", "rules", RULES.toString());
    assertThat(rules.exit()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS: " + rules().size() + " rules found");

    var unitTests = promtool(null, "test", "rules", PROMETHEUS.resolve("memlog-rules.test.yaml").toString());
    assertThat(unitTests.exit()).as(unitTests.output()).isZero();

    var config = promtool(null, "check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
    assertThat(config.exit()).as(config.output()).isZero();

    // 0: clean, 3: lint findings, 1: the text does not parse
    var metrics = promtool(scrape, "check", "metrics");
    assertThat(metrics.exit()).as(metrics.output()).isIn(0, 3);
    assertThat(metrics.output().lines().filter(line -> line.startsWith("memlog_")))
        .as("lint findings on memlog's own metrics").isEmpty();
  }

  private static boolean exposed(String name) {
    return scrape.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
  }

  private record Rule(String alert, String expr) {}

  private static List<Rule> rules() throws IOException {
    var rules = new ArrayList<Rule>();
    for (var group : new YAMLMapper().readTree(RULES.toFile()).path("groups")) {
      for (var rule : group.path("rules")) {
        var name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
        rules.add(new Rule(name, rule.path("expr").asText()));
      }
    }
    assertThat(rules).as("rules in " + RULES).isNotEmpty();
    return rules;
  }

  private record Run(int exit, String output) {}

  private static Run promtool(String stdin, String... args) throws IOException, InterruptedException {
    var command = new ArrayList<String>(List.of("promtool"));
    command.addAll(List.of(args));
    var output = Files.createTempFile(dir, "promtool", ".out");
    var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 2 minutes");
    }
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /** Runs a test only where {@code promtool} (Prometheus' command line) is on the PATH. */
  static final class Promtool implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      try {
        var process = new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start();
        var version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
            .findFirst().orElse("");
        process.waitFor(30, TimeUnit.SECONDS);
        return ConditionEvaluationResult.enabled(version);
      } catch (IOException e) {
        return ConditionEvaluationResult.disabled("promtool is not on the PATH (Debian: apt-get install prometheus)");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ConditionEvaluationResult.disabled("interrupted while looking for promtool");
      }
    }
  }
}
