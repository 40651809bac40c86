package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memlog.deploy.ComposeFile;
import dev.memlog.deploy.DockerfileCopies;
import dev.memlog.ingest.event.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;

/**
 * The shipped image and compose stack as containers: the image built from docker/Dockerfile, three nodes of it
 * next to the compose file's Kafka on one network, each with the compose file's settings (its advertised name,
 * the cluster token, one standby per shard). Every key is answered alike by every node; when one container is
 * killed, the other two answer every key again and count the same memory.
 */
@EnabledIfSystemProperty(named = ContainerTests.PROPERTY, matches = "true", disabledReason = ContainerTests.NOT_ASKED)
@Testcontainers(disabledWithoutDocker = true)
class MemlogImageIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(MemlogImageIT.class);
  private static final Path ROOT = Path.of("..");
  private static final int CONVERSATIONS = 12;
  private static final int MESSAGES = 20;
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  @AutoClose private final Resources opened = new Resources();

  private final ClusterKeys cluster = ClusterKeys.random();

  @Test
  void shouldAnswerEveryKeyOnEveryNodeAndAgainWhenAContainerIsKilled() throws IOException, InterruptedException {
    // Given the compose file's Kafka and its three memlog nodes, from the image the Dockerfile builds
    var compose = ComposeFile.read(ROOT.resolve("docker/compose.yaml"));
    var variables = Map.of("MEMLOG_API_KEYS", cluster.apiKeys(), "MEMLOG_CLUSTER_TOKEN", cluster.token());
    var network = opened.add(Network.newNetwork());
    var kafka = opened.add(new GenericContainer<>(compose.image("kafka")).withNetwork(network)
        .withNetworkAliases("kafka").withEnv(compose.environment("kafka", variables))
        .waitingFor(Wait.forSuccessfulCommand(compose.healthCheckCommand("kafka")).withStartupTimeout(PATIENCE)));
    kafka.start();
    var image = image();
    var names = compose.services("memlog-");
    var nodes = new ArrayList<GenericContainer<?>>();
    var https = new ArrayList<NodeHttp>();
    for (var name : names) {
      var port = compose.containerPort(name);
      nodes.add(opened.add(new GenericContainer<>(image).withNetwork(network).withNetworkAliases(name)
          .withCreateContainerCmdModifier(create -> create.withHostName(name))
          .withEnv(compose.environment(name, variables)).withExposedPorts(port)
          .withLogConsumer(new Slf4jLogConsumer(LOGGER).withPrefix(name))
          .waitingFor(Wait.forHttp("/livez").forPort(port).forStatusCode(200).withStartupTimeout(PATIENCE))));
    }
    assertThat(names).hasSize(3);
    Startables.deepStart(nodes).join();
    for (int i = 0; i < nodes.size(); i++) {
      var node = nodes.get(i);
      https.add(cluster.http(node.getHost(), node.getMappedPort(compose.containerPort(names.get(i)))));
    }

    // (the image as built: OCI labels, memlog's jars beside their dependencies, one platform's RocksDB library)
    var first = nodes.get(0);
    var labels = first.getDockerClient().inspectImageCmd(first.getContainerInfo().getImageId()).exec().getConfig()
        .getLabels();
    assertThat(labels).containsEntry("org.opencontainers.image.title", "memlog")
        .containsEntry("org.opencontainers.image.licenses", "Apache-2.0")
        .containsKey("org.opencontainers.image.version");
    assertThat(first.execInContainer("ls", "/opt/memlog/lib").getStdout())
        .contains("memlog-query-api-", "memlog-projector-", "rocksdbjni-", "sqlite-jdbc-");
    var rocksDbBytes = first.execInContainer("sh", "-c", "stat -c %s /opt/memlog/lib/rocksdbjni-*.jar").getStdout();
    assertThat(Long.parseLong(rocksDbBytes.strip())).as("rocksdbjni with one platform's library, not 14")
        .isLessThan(20_000_000L);

    // And a history published through the first node's HTTP ingest, applied on every node
    var ingest = HeavyIngest.of(CONVERSATIONS, MESSAGES);
    publish(https.get(0), ingest);
    await().atMost(PATIENCE).untilAsserted(() -> ClusterAnswers.assertApplied(https, CONVERSATIONS, MESSAGES));
    var answers = ClusterAnswers.of(https.get(0), CONVERSATIONS, MESSAGES);
    assertThat(ClusterAnswers.of(https.get(1), CONVERSATIONS, MESSAGES)).isEqualTo(answers);
    assertThat(ClusterAnswers.of(https.get(2), CONVERSATIONS, MESSAGES)).isEqualTo(answers);
    var before = await().atMost(PATIENCE).until(() -> https.get(0).get("/v1/admin/checksum"),
        checksum -> checksum.status() == 200);
    var expected = ingest.expectedCounts();
    assertThat(before.json().at("/rows/messages").asLong()).isEqualTo(expected.get("messages"));
    assertThat(before.json().at("/rows/conversations").asLong()).isEqualTo(expected.get("conversations"));

    // When the third container is killed (SIGKILL)
    var victim = nodes.get(2);
    victim.getDockerClient().killContainerCmd(victim.getContainerId()).exec();
    long killedAt = System.nanoTime();

    // Then the two others answer every key again, as before, and count the same memory
    var survivors = https.subList(0, 2);
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      for (var http : survivors) {
        assertThat(ClusterAnswers.of(http, CONVERSATIONS, MESSAGES)).isEqualTo(answers);
      }
    });
    LOGGER.atInfo().addKeyValue("everyKeyAgainMs", Duration.ofNanos(System.nanoTime() - killedAt).toMillis())
        .log("a killed container's keys answered again");
    for (var http : survivors) {
      var after = await().atMost(PATIENCE).until(() -> http.get("/v1/admin/checksum"),
          checksum -> checksum.status() == 200);
      assertThat(after.json().path("rows")).isEqualTo(before.json().path("rows"));
      assertThat(after.json().path("total")).isEqualTo(before.json().path("total"));
      assertThat(after.json().path("ftsMatchesContent").asBoolean()).isTrue();
    }
  }

  /** The image the Dockerfile builds, from a build context of exactly the files it copies. */
  private static ImageFromDockerfile image() throws IOException {
    var dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    var image = new ImageFromDockerfile("memlog-it").withDockerfilePath("docker/Dockerfile")
        .withFileFromPath("docker/Dockerfile", ROOT.resolve("docker/Dockerfile"));
    for (var source : DockerfileCopies.sources(dockerfile)) {
      image.withFileFromPath(source, ROOT.resolve(source));
    }
    return image;
  }

  /** Publishes the history over HTTP, in requests of at most 1,000 events, each answered 202. */
  private static void publish(NodeHttp http, HeavyIngest ingest) {
    var codec = new EventCodec();
    var events = ingest.events();
    for (int from = 0; from < events.size(); from += 500) {
      var body = events.subList(from, Math.min(events.size(), from + 500)).stream()
          .map(event -> new String(codec.encode(event), StandardCharsets.UTF_8))
          .collect(Collectors.joining(",", "[", "]"));
      var published = http.post("/v1/tenants/acme/events", body);
      assertThat(published.status()).as(published.text()).isEqualTo(202);
    }
  }
}
