package dev.memlog.bench.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  private static NodeSettings with(Map<String, String> settings) {
    return new NodeSettings(Path.of("data"), "127.0.0.1:9092", "bench.events", "bench", 6, 2, 5_000, List.of(),
        settings);
  }

  @Test
  void shouldGiveTheNodeTheSettingsToMeasureBesideTheHarnessOwn() {
    var environment = with(Map.of("MEMLOG_COMMIT_INTERVAL_MS", "50")).environment(8080);

    assertThat(environment).containsEntry("MEMLOG_COMMIT_INTERVAL_MS", "50").containsEntry("MEMLOG_HTTP_PORT", "8080")
        .containsEntry("MEMLOG_PARTITIONS", "6").containsEntry("MEMLOG_DATA_DIR", "data");
  }

  @Test
  void shouldRefuseSettingsTheHarnessSetsItselfOrThatAreNotMemlogs() {
    assertThatThrownBy(() -> with(Map.of("MEMLOG_PARTITIONS", "3"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MEMLOG_PARTITIONS");
    assertThatThrownBy(() -> with(Map.of("JAVA_HOME", "/opt"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JAVA_HOME");
  }
}
