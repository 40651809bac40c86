package dev.memlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.memlog.node.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image, the compose stack and the Kubernetes manifests checked without Docker or a cluster: the Dockerfile
 * builds every module the build has, and every MEMLOG_* variable the deployment files set is one a node reads.
 */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of("..");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void shouldCopyEveryModuleOfTheBuildIntoTheImage() throws IOException {
    var pom = Files.readString(ROOT.resolve("pom.xml"));
    var dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    var modules = new ArrayList<String>();
    var matcher = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (matcher.find()) {
      modules.add(matcher.group(1));
    }

    assertThat(modules).isNotEmpty();
    for (var module : modules) {
      assertThat(dockerfile).as("Dockerfile copies module %s", module)
          .contains("COPY " + module + "/pom.xml " + module + "/")
          .contains("COPY " + module + "/src " + module + "/src");
    }
    assertThat(dockerfile).contains("/readyz");
  }

  @Test
  void shouldLayerTheImageDependenciesFirstAndLabelItWithThePomsVersionAndLicense() throws IOException {
    var pom = Files.readString(ROOT.resolve("pom.xml"));
    var dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    var version = first(Pattern.compile("<artifactId>memlog-parent</artifactId>\\s*<version>([^<]+)</version>"), pom);
    var license = first(Pattern.compile("<license>\\s*<name>([^<]+)</name>"), pom);
    var runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

    assertThat(runtime).contains("ARG VERSION=" + version + "\n")
        .contains("org.opencontainers.image.version=\"${VERSION}\"", "org.opencontainers.image.revision=",
            "org.opencontainers.image.title=\"memlog\"", "org.opencontainers.image.licenses=\"" + license + "\"");
    var dependencies = runtime.indexOf("COPY --from=build /layers/dependencies/ /opt/memlog/lib/");
    var application = runtime.indexOf("COPY --from=build /layers/application/ /opt/memlog/lib/");
    assertThat(dependencies).as("the dependencies' layer").isPositive();
    assertThat(application).as("memlog's layer, after the dependencies'").isGreaterThan(dependencies);
    assertThat(runtime).contains("\"-cp\", \"/opt/memlog/lib/*\", \"dev.memlog.cli.MemlogApp\"");
    assertThat(dockerfile).contains("java docker/StripNatives.java /layers/dependencies");
  }

  private static String first(Pattern pattern, String text) {
    var matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in the pom", pattern).isTrue();
    return matcher.group(1);
  }

  @Test
  void shouldFindEveryFileTheDockerfileCopiesInTheRepository() throws IOException {
    var sources = DockerfileCopies.sources(Files.readString(ROOT.resolve("docker/Dockerfile")));

    assertThat(sources).contains("pom.xml", "query-api/src");
    for (var source : sources) {
      assertThat(ROOT.resolve(source)).as("COPY %s", source).exists();
    }
  }

  @Test
  void shouldReadTheSourcesOfCopiesFromTheContextOnly() {
    var dockerfile = """
        COPY pom.xml ./
        COPY a/pom.xml b/pom.xml /src/
        COPY --from=build /src/app.jar /opt/app.jar
        RUN echo COPY nothing
        """;

    assertThat(DockerfileCopies.sources(dockerfile)).containsExactly("pom.xml", "a/pom.xml", "b/pom.xml");
  }

  @Test
  void shouldRunThreeNodesOnComposeEachAdvertisingItsOwnNameWithVariablesANodeReads() throws IOException {
    var compose = YAML.readTree(ROOT.resolve("docker/compose.yaml").toFile());
    var services = compose.path("services");
    var nodes = new ArrayList<String>();
    services.fieldNames().forEachRemaining(name -> {
      if (name.startsWith("memlog-")) {
        nodes.add(name);
      }
    });

    assertThat(services.has("kafka")).isTrue();
    assertThat(nodes).containsExactly("memlog-1", "memlog-2", "memlog-3");
    var ports = new ArrayList<String>();
    for (var name : nodes) {
      var node = services.path(name);
      var environment = environment(compose.path("x-memlog-node").path("environment"), node.path("environment"));
      assertThat(node.path("hostname").asText()).isEqualTo(name);
      assertThat(environment.path("MEMLOG_ADVERTISED_HOST").asText()).isEqualTo(name);
      assertThat(environment.path("MEMLOG_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
      assertThat(environment.path("MEMLOG_CLUSTER_TOKEN").asText()).isNotBlank();
      assertThat(memlogNames(environment)).isSubsetOf(NodeConfig.variables());
      assertThat(node.path("volumes").get(0).asText()).startsWith(name + "-data:");
      ports.add(node.path("ports").get(0).asText());
    }
    assertThat(ports).doesNotHaveDuplicates();
    assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
        .contains("PLAINTEXT://kafka:9092");
  }

  @Test
  void shouldGiveEveryPodAStableAdvertisedNameAndProbeReadinessAndLiveness() throws IOException {
    var statefulSet = YAML.readTree(ROOT.resolve("deploy/kubernetes/statefulset.yaml").toFile());
    var services = documents(ROOT.resolve("deploy/kubernetes/service.yaml"));
    var container = statefulSet.at("/spec/template/spec/containers/0");
    var environment = YAML.createObjectNode();
    container.path("env").forEach(variable -> environment.set(variable.path("name").asText(), variable));
    var headless = services.stream().filter(service -> service.at("/spec/clusterIP").asText().equals("None"))
        .findFirst().orElseThrow();

    assertThat(statefulSet.path("kind").asText()).isEqualTo("StatefulSet");
    assertThat(statefulSet.at("/spec/serviceName").asText()).isEqualTo(headless.at("/metadata/name").asText());
    assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
    assertThat(environment.at("/MEMLOG_ADVERTISED_HOST/value").asText())
        .startsWith("$(POD_NAME)." + headless.at("/metadata/name").asText() + ".");
    assertThat(environment.has("MEMLOG_CLUSTER_TOKEN")).isTrue();
    assertThat(memlogNames(environment)).isSubsetOf(NodeConfig.variables());
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/livez");
    assertThat(container.at("/ports/0/containerPort").asText())
        .isEqualTo(environment.at("/MEMLOG_HTTP_PORT/value").asText());
  }

  @Test
  void shouldScrapeEveryPodOfTheStatefulSetWithThePodMonitorKeptOutOfTheBaseKustomization() throws IOException {
    var statefulSet = YAML.readTree(ROOT.resolve("deploy/kubernetes/statefulset.yaml").toFile());
    var monitoring = ROOT.resolve("deploy/kubernetes/monitoring");
    var podMonitor = YAML.readTree(monitoring.resolve("podmonitor.yaml").toFile());
    var podLabels = statefulSet.at("/spec/template/metadata/labels");
    var portNames = new ArrayList<String>();
    statefulSet.at("/spec/template/spec/containers/0/ports").forEach(port -> portNames.add(port.path("name").asText()));

    assertThat(podMonitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(podMonitor.path("kind").asText()).isEqualTo("PodMonitor");
    assertThat(podMonitor.at("/spec/selector/matchLabels").size()).isPositive();
    podMonitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(podLabels.path(label.getKey()).asText()).as("pod label %s", label.getKey())
            .isEqualTo(label.getValue().asText()));
    assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/port").asText()).isIn(portNames);
    assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(YAML.readTree(monitoring.resolve("kustomization.yaml").toFile()).path("resources").toString())
        .contains("podmonitor.yaml");
    assertThat(YAML.readTree(ROOT.resolve("deploy/kubernetes/kustomization.yaml").toFile()).path("resources")
        .toString()).doesNotContain("monitoring").doesNotContain("podmonitor");
  }

  @Test
  void shouldListEveryReplicaOfTheStatefulSetInThePrometheusScrapeConfiguration() throws IOException {
    var statefulSet = YAML.readTree(ROOT.resolve("deploy/kubernetes/statefulset.yaml").toFile());
    var namespace = YAML.readTree(ROOT.resolve("deploy/kubernetes/kustomization.yaml").toFile())
        .path("namespace").asText();
    var prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
    var targets = new ArrayList<String>();
    prometheus.at("/scrape_configs/0/static_configs/0/targets").forEach(target -> targets.add(target.asText()));
    var expected = new ArrayList<String>();
    for (int pod = 0; pod < statefulSet.at("/spec/replicas").asInt(); pod++) {
      expected.add("memlog-" + pod + "." + statefulSet.at("/spec/serviceName").asText() + "." + namespace
          + ".svc:" + statefulSet.at("/spec/template/spec/containers/0/ports/0/containerPort").asText());
    }

    assertThat(expected).hasSize(3);
    assertThat(targets).containsExactlyElementsOf(expected);
    assertThat(prometheus.at("/scrape_configs/0/metrics_path").asText()).isEqualTo("/metrics");
    assertThat(Files.readString(ROOT.resolve("deploy/grafana/README.md"))).contains(expected);
  }

  private static JsonNode environment(JsonNode shared, JsonNode own) {
    var merged = YAML.createObjectNode();
    shared.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
    own.fields().forEachRemaining(field -> {
      if (!field.getKey().equals("<<")) {
        merged.set(field.getKey(), field.getValue());
      }
    });
    return merged;
  }

  private static List<String> memlogNames(JsonNode environment) {
    var names = new ArrayList<String>();
    environment.fieldNames().forEachRemaining(name -> {
      if (name.startsWith("MEMLOG_") && !name.startsWith("MEMLOG_KAFKA_")) {
        names.add(name);
      }
    });
    return names;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (var parser = YAML.createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll();
    }
  }
}
