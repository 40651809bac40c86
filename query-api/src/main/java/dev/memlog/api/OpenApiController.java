package dev.memlog.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the OpenAPI 3.1 document of the API, kept in the repository next to this class. */
final class OpenApiController {

  static final String RESOURCE = "dev/memlog/api/openapi.yaml";

  private final String yaml;
  private final JsonNode tree;

  OpenApiController() {
    this.yaml = read();
    try {
      this.tree = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document is not valid YAML", e);
    }
  }

  /** The document as a tree, for tests that compare it with the routes. */
  static JsonNode document() {
    return new OpenApiController().tree;
  }

  void yaml(Context ctx) {
    ctx.contentType("application/yaml; charset=utf-8").result(yaml);
  }

  void json(Context ctx) {
    ctx.json(tree);
  }

  private static String read() {
    try (var in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("OpenAPI document missing from the classpath: " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
