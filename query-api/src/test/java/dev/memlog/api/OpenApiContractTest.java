package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.api.admin.AdminOps;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.deadletter.DeadLetter;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document in the repository and the routes the app registers must name the same operations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

  private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");

  /** Admin operations that are never called here: the routes only need to be registered. */
  private static final AdminOps NO_ADMIN_OPS = new AdminOps() {
    @Override
    public Checksum checksum() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PartitionRebuild rebuildPartition(int partition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<DeadLetter> deadLetters(int limit, String reason) {
      throw new UnsupportedOperationException();
    }
  };

  private ProjectedMemory memory;
  private final JsonNode document = DocumentController.openApi();

  @BeforeAll
  void project(@TempDir Path dir) {
    memory = new ProjectedMemory(dir);
  }

  @AfterAll
  void close() {
    memory.close();
  }

  @Test
  void shouldDocumentExactlyTheRoutesTheAppServes() {
    var routes = new TreeSet<String>();
    memory.api(NO_ADMIN_OPS).unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
      var endpoint = parsed.endpoint;
      if (endpoint.method.isHttpMethod()) {
        routes.add(endpoint.method.name() + " " + endpoint.path);
      }
    });

    assertThat(documentedOperations()).isEqualTo(routes);
  }

  @Test
  void shouldDeclareEveryPathParameterOfEveryOperation() {
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      var declared = new HashSet<String>();
      op.getValue().path("parameters").forEach(p -> {
        var parameter = p.has("$ref") ? resolve(p.path("$ref").asText()) : p;
        if (parameter.path("in").asText().equals("path")) {
          declared.add(parameter.path("name").asText());
        }
      });
      var inPath = new HashSet<String>();
      PATH_PARAM.matcher(path.getKey()).results().forEach(m -> inPath.add(m.group(1)));

      assertThat(declared).as("%s %s", op.getKey(), path.getKey()).isEqualTo(inPath);
      assertThat(op.getValue().path("responses").size()).as("responses of %s", path.getKey()).isPositive();
    }));
  }

  @Test
  void shouldServeTheDocumentAsYamlAndJson() {
    JavalinTest.test(memory.api(), (server, client) -> {
      var yaml = client.get("/openapi.yaml");
      var json = EventCodec.mapper().readTree(client.get("/openapi.json").body().string());

      assertThat(yaml.code()).isEqualTo(200);
      assertThat(yaml.body().string()).startsWith("openapi: 3.1.0");
      assertThat(json).isEqualTo(document);
    });
  }

  private Set<String> documentedOperations() {
    var operations = new TreeSet<String>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
        method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return operations;
  }

  private JsonNode resolve(String ref) {
    return document.at(ref.substring(1));
  }
}
