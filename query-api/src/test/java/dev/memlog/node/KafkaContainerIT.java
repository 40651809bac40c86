package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.memlog.api.auth.ApiKeys;
import dev.memlog.deploy.ComposeFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A node against a real Kafka broker in a container ({@code apache/kafka}, KRaft, the image the compose file runs)
 * instead of its embedded one: events published with the Java client are read over HTTP, and when the container
 * restarts under a running ingest, every event is applied once.
 */
@EnabledIfSystemProperty(named = ContainerTests.PROPERTY, matches = "true", disabledReason = ContainerTests.NOT_ASKED)
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

  private static final int PARTITIONS = 3;
  private static final int KAFKA_PORT = 9092;
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  @Test
  void shouldApplyEveryEventOnceWhenTheKafkaContainerRestartsUnderTheIngest() throws Exception {
    // Given a node on a Kafka container whose client port is fixed on this host, so that the restarted broker is
    // where the node and the publisher look for it, and an ingest the node has applied in part
    var image = ComposeFile.read(Path.of("..", "docker", "compose.yaml")).image("kafka");
    int hostPort = MemlogProcess.freePort();
    var kafka = opened.add(new KafkaContainer(image).withCreateContainerCmdModifier(create -> create.getHostConfig()
        .withPortBindings(new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(KAFKA_PORT)))));
    kafka.start();
    var key = ApiKeys.newKey();
    var node = opened.add(MemlogNode.start(NodeConfig.fromEnv(Map.of(
        "MEMLOG_DATA_DIR", dir.resolve("node").toString(),
        "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BOOTSTRAP_SERVERS", kafka.getBootstrapServers(),
        "MEMLOG_PARTITIONS", "" + PARTITIONS,
        "MEMLOG_API_KEYS", HeavyIngest.TENANT + ":" + ApiKeys.hash(key)))));
    var http = new NodeHttp(node.httpPort(), Map.of(HeavyIngest.TENANT, key));
    var ingest = HeavyIngest.of(10, 100);
    int firstHalf = ingest.events().size() / 2;
    var publisher = opened.add(new RetryingPublisher(kafka.getBootstrapServers(), PARTITIONS))
        .start(ingest.events(), 200, Duration.ZERO, firstHalf);
    await().atMost(PATIENCE).until(() -> NodeHttp.applied(http.get("/health").json()) >= firstHalf);
    var summary = http.get("/v1/tenants/acme/conversations/c-0");
    assertThat(summary.status()).as(summary.text()).isEqualTo(200);

    // When the container stops (its log kept) while the rest of the ingest is published, and starts again
    var docker = kafka.getDockerClient();
    docker.stopContainerCmd(kafka.getContainerId()).withTimeout(30).exec();
    publisher.resume();
    docker.startContainerCmd(kafka.getContainerId()).exec();

    // Then every event is applied once, and read over HTTP
    publisher.awaitDone(PATIENCE);
    await().atMost(PATIENCE).untilAsserted(() -> http.assertCaughtUp(ingest.events().size()));
    for (int c = 0; c < 10; c++) {
      var conversation = http.get("/v1/tenants/acme/conversations/c-" + c);
      assertThat(conversation.json().at("/conversation/messageCount").asLong()).as(conversation.text())
          .isEqualTo(100);
    }
    assertThat(ReadModelCounts.of(dir.resolve("node"))).isEqualTo(ingest.expectedCounts());
    assertThat(node.checksum().ftsMatchesContent()).isTrue();
  }
}
