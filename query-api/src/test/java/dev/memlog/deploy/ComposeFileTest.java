package dev.memlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compose file read as compose reads it, which is what the container tests start their containers with. */
class ComposeFileTest {

  private static final ComposeFile COMPOSE = ComposeFile.read(Path.of("..", "docker", "compose.yaml"));
  private static final Map<String, String> SECRETS = Map.of("MEMLOG_API_KEYS", "acme:00ff",
      "MEMLOG_CLUSTER_TOKEN", "t0ken");

  @Test
  void shouldGiveEveryNodeTheSharedSettingsMergedWithItsOwn() {
    var environment = COMPOSE.environment("memlog-2", SECRETS);

    assertThat(COMPOSE.services("memlog-")).containsExactly("memlog-1", "memlog-2", "memlog-3");
    assertThat(COMPOSE.image("memlog-2")).isEqualTo("memlog:local");
    assertThat(COMPOSE.containerPort("memlog-2")).isEqualTo(8080);
    assertThat(environment).containsEntry("MEMLOG_ADVERTISED_HOST", "memlog-2")
        .containsEntry("MEMLOG_BOOTSTRAP_SERVERS", "kafka:9092").containsEntry("MEMLOG_STANDBY_REPLICAS", "1")
        .containsEntry("MEMLOG_API_KEYS", "acme:00ff").containsEntry("MEMLOG_CLUSTER_TOKEN", "t0ken");
  }

  @Test
  void shouldRunKafkaFromItsImageWithAShellHealthCheck() {
    assertThat(COMPOSE.image("kafka")).startsWith("apache/kafka:");
    assertThat(COMPOSE.healthCheckCommand("kafka")).contains("kafka-broker-api-versions.sh");
    assertThat(COMPOSE.environment("kafka", Map.of())).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
  }

  @Test
  void shouldRefuseToStartANodeWithoutTheSecretsTheFileRequires() {
    assertThatThrownBy(() -> COMPOSE.environment("memlog-1", Map.of("MEMLOG_API_KEYS", "acme:00ff")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEMLOG_CLUSTER_TOKEN is required");
  }

  @Test
  void shouldInterpolateAsComposeDoes() {
    var given = Map.of("SET", "x", "EMPTY", "");

    assertThat(ComposeFile.interpolate("a${SET}b", given)).isEqualTo("axb");
    assertThat(ComposeFile.interpolate("${UNSET:-d}/${EMPTY:-d}/${EMPTY-d}", given)).isEqualTo("d/d/");
    assertThat(ComposeFile.interpolate("${UNSET}", given)).isEmpty();
    assertThatThrownBy(() -> ComposeFile.interpolate("${EMPTY:?say it}", given)).hasMessageContaining("say it");
  }
}
