package dev.memlog.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves a document kept in the repository next to this class, as kept (YAML) and converted to JSON: the OpenAPI
 * 3.1 document of the HTTP API and the AsyncAPI 3.0 document of the topics. Both refer to the event schemas the
 * node serves next to them ({@code schemas/NAME.json}).
 */
final class DocumentController {

  static final String OPENAPI = "dev/memlog/api/openapi.yaml";
  static final String ASYNCAPI = "dev/memlog/api/asyncapi.yaml";

  private final String yaml;
  private final JsonNode tree;

  DocumentController(String resource) {
    this.yaml = read(resource);
    try {
      this.tree = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + " is not valid YAML", e);
    }
  }

  /** The OpenAPI document as a tree, for tests that compare it with the routes. */
  static JsonNode openApi() {
    return new DocumentController(OPENAPI).tree;
  }

  /** The AsyncAPI document as a tree, for tests that compare it with the topics. */
  static JsonNode asyncApi() {
    return new DocumentController(ASYNCAPI).tree;
  }

  void yaml(Context ctx) {
    ctx.contentType("application/yaml; charset=utf-8").result(yaml);
  }

  void json(Context ctx) {
    ctx.json(tree);
  }

  private static String read(String resource) {
    try (var in = DocumentController.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("document missing from the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
