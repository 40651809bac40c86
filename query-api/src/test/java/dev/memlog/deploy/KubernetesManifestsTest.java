package dev.memlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes manifests in deploy/kubernetes checked against the types of the Kubernetes API, offline: every
 * object the kustomization applies is one the API server would accept as written, and the check refuses the
 * mistakes a hand-written manifest makes.
 */
class KubernetesManifestsTest {

  private static final Path KUBERNETES = Path.of("..", "deploy", "kubernetes");

  private static final String STATEFUL_SET = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: memlog
        labels: {app: memlog}
      spec:
        serviceName: memlog-headless
        replicas: 3
        selector:
          matchLabels: {app: memlog}
        template:
          metadata:
            labels: {app: memlog}
          spec:
            containers:
              - name: memlog
                image: memlog:local
                env:
                  - name: MEMLOG_HTTP_PORT
                    value: "8080"
                ports:
                  - name: http
                    containerPort: 8080
                resources:
                  limits: {memory: 3Gi, cpu: "2"}
      """;

  @Test
  void shouldApplyEveryManifestOfTheFolderAndNothingElse() throws IOException {
    var kustomization = KubernetesSchema.documents(Files.readString(KUBERNETES.resolve("kustomization.yaml")))
        .get(0);
    var resources = new ArrayList<String>();
    kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));

    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    assertThat(resources).containsExactlyInAnyOrderElementsOf(manifestFiles().stream()
        .map(file -> file.getFileName().toString()).toList());
  }

  @Test
  void shouldAcceptEveryObjectOfTheManifestsAsTheKubernetesApiTypesReadIt() throws IOException {
    var checked = new ArrayList<String>();
    for (var file : manifestFiles()) {
      var objects = KubernetesSchema.documents(Files.readString(file));
      assertThat(objects).as(file.toString()).isNotEmpty();
      for (var object : objects) {
        var name = file.getFileName() + " " + object.path("kind").asText() + "/"
            + object.at("/metadata/name").asText();
        assertThat(KubernetesSchema.problems(object)).as(name).isEmpty();
        checked.add(name);
      }
    }

    assertThat(checked).as("objects checked").hasSizeGreaterThanOrEqualTo(5)
        .anySatisfy(name -> assertThat(name).contains("StatefulSet/memlog"))
        .anySatisfy(name -> assertThat(name).contains("PodDisruptionBudget/memlog"));
  }

  @Test
  void shouldAcceptTheWellFormedManifestTheBrokenOnesAreMadeFrom() {
    assertThat(KubernetesSchema.problems(only(STATEFUL_SET))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenManifests")
  void shouldRefuseABrokenManifest(String mistake, String manifest, String problem) {
    assertThat(KubernetesSchema.problems(only(manifest))).as(mistake).isNotEmpty()
        .anySatisfy(found -> assertThat(found).contains(problem));
  }

  static Stream<Arguments> brokenManifests() {
    return Stream.of(
        Arguments.of("a misspelt field", broken("replicas: 3", "replica: 3"), "`replica`"),
        Arguments.of("a field at the wrong level",
            broken("  serviceName: memlog-headless\n", "  serviceName: memlog-headless\n  readinessProbe: {}\n"),
            "`readinessProbe`"),
        Arguments.of("a number where the type wants a string", broken("value: \"8080\"", "value: 8080"), "/value"),
        Arguments.of("a string where the type wants an integer", broken("replicas: 3", "replicas: \"3\""),
            "/spec/replicas"),
        Arguments.of("a word where the type wants an integer", broken("replicas: 3", "replicas: three"), "three"),
        Arguments.of("an object where the type wants a list",
            broken("          ports:\n            - name: http\n              containerPort: 8080\n",
                "          ports:\n            name: http\n            containerPort: 8080\n"), "JsonObject"),
        Arguments.of("a required field left out",
            broken("        - name: memlog\n          image: memlog:local\n", "        - image: memlog:local\n"),
            "`name`"),
        Arguments.of("a quantity that is not one", broken("memory: 3Gi", "memory: 3 GB"), "quantity"),
        Arguments.of("a kind of another API group", broken("apiVersion: apps/v1", "apiVersion: v1"), "StatefulSet"));
  }

  /** The well-formed StatefulSet with one mistake: {@code from}, which it must contain, written as {@code to}. */
  private static String broken(String from, String to) {
    assertThat(STATEFUL_SET).contains(from);
    return STATEFUL_SET.replace(from, to);
  }

  private static JsonNode only(String yaml) {
    var documents = KubernetesSchema.documents(yaml);
    assertThat(documents).hasSize(1);
    return documents.get(0);
  }

  private static List<Path> manifestFiles() throws IOException {
    try (var files = Files.list(KUBERNETES)) {
      return files.filter(file -> file.toString().endsWith(".yaml"))
          .filter(file -> !file.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
    }
  }
}
