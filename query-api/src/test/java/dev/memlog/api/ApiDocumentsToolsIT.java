package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.SchemaDocuments;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documents a node serves, checked by the tools others check them with: the AsyncAPI document against the
 * official AsyncAPI 3.0 JSON Schema (from the npm package {@code @asyncapi/specs}) and Redocly, the OpenAPI document
 * with Redocly's recommended rules and Spectral's {@code spectral:oas}. The tools are installed with npm from
 * {@code src/test/npm} (package.json and its lock); without npm the tests are skipped, with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentsToolsIT {

  private static final Path TOOLS = Path.of("src", "test", "npm");
  private static final String ASYNCAPI_SCHEMA = "node_modules/@asyncapi/specs/schemas/3.0.0-without-$id.json";
  private static final long PATIENCE_MINUTES = 8;

  private final Path work = Path.of("target", "api-documents-tools").toAbsolutePath();
  private final Path served = work.resolve("served");
  private ProjectedMemory memory;

  @BeforeAll
  void installToolsAndFetchTheServedDocuments(@TempDir Path dir) throws Exception {
    assumeTrue(runs("npm", "--version"), "npm is not installed: the API documents are not checked with its tools");
    installTools();
    memory = new ProjectedMemory(dir);
    Files.createDirectories(served.resolve("schemas"));
    JavalinTest.test(memory.api(), (server, client) -> {
      for (var document : List.of("openapi.yaml", "asyncapi.yaml")) {
        Files.writeString(served.resolve(document), client.get("/" + document).body().string());
      }
      for (var name : SchemaDocuments.names()) {
        Files.writeString(served.resolve("schemas").resolve(name + ".json"),
            client.get("/schemas/" + name + ".json").body().string());
      }
    });
  }

  @AfterAll
  void close() {
    if (memory != null) {
      memory.close();
    }
  }

  @Test
  void shouldServeAnAsyncApiDocumentTheAsyncApi3SchemaAccepts() throws IOException {
    var registry = SchemaRegistry.withDialect(Dialects.getDraft7());
    var schema = registry.getSchema(Files.readString(work.resolve(ASYNCAPI_SCHEMA)), InputFormat.JSON);
    var document = new YAMLMapper().readTree(served.resolve("asyncapi.yaml").toFile());

    var errors = schema.validate(document).stream().map(Error::toString).toList();

    assertThat(errors).isEmpty();
  }

  @Test
  void shouldLintTheOpenApiDocumentCleanWithRedocly() throws Exception {
    var result = run(work.resolve("node_modules/.bin/redocly").toString(), "lint", "--format=json",
        served.resolve("openapi.yaml").toString());
    var report = EventCodec.mapper().readTree(result.substring(result.indexOf('{')));

    assertThat(report.at("/totals/errors").asInt()).as(result).isZero();
    assertThat(report.at("/totals/warnings").asInt()).as(result).isZero();
  }

  @Test
  void shouldLintTheAsyncApiDocumentWithoutErrorsWithRedocly() throws Exception {
    var result = run(work.resolve("node_modules/.bin/redocly").toString(), "lint", "--format=json",
        served.resolve("asyncapi.yaml").toString());
    var report = EventCodec.mapper().readTree(result.substring(result.indexOf('{')));

    // its warnings are left: no security on operations (a cluster's is the MEMLOG_KAFKA_* settings') and a
    // description next to a $ref in common.v1.json, which JSON Schema 2020-12 allows
    assertThat(report.at("/totals/errors").asInt()).as(result).isZero();
  }

  @Test
  void shouldLintTheOpenApiDocumentCleanWithSpectralOas() throws Exception {
    var ruleset = Files.writeString(work.resolve(".spectral.yaml"), "extends: [\"spectral:oas\"]\n");

    var result = run(work.resolve("node_modules/.bin/spectral").toString(), "lint", "--ruleset", ruleset.toString(),
        "--fail-severity", "hint", served.resolve("openapi.yaml").toString());

    assertThat(result).contains("No results with a severity of 'hint' or higher found");
  }

  /** npm ci of the committed package.json and lock, once per change of the lock. */
  private void installTools() throws Exception {
    Files.createDirectories(work);
    var lock = Files.readString(TOOLS.resolve("package-lock.json"));
    var installed = work.resolve("node_modules/.memlog-installed-lock.json");
    if (Files.exists(installed) && Files.readString(installed).equals(lock)) {
      return;
    }
    for (var file : List.of("package.json", "package-lock.json", ".npmrc")) {
      Files.copy(TOOLS.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
    Files.writeString(installed, lock);
  }

  /** The output of a command run in the tools' directory; fails unless it exits 0 in time. */
  private String run(String... command) throws Exception {
    var process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
    var output = new String[1];
    var reader = new Thread(() -> {
      try {
        output[0] = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        output[0] = e.toString();
      }
    });
    reader.start();
    if (!process.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within " + PATIENCE_MINUTES + " min");
    }
    reader.join();
    assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output[0]).isZero();
    return output[0];
  }

  private static boolean runs(String... command) {
    try {
      var process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
