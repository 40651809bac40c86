package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.memlog.ingest.event.EventCodec;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as a checker of real answers: an answer must be documented for its operation and status,
 * with its content type and headers, and its body must validate against the document's (closed) schema, so an
 * undocumented field fails the test that got it. Schemas are read from the document itself (OpenAPI 3.1 dialect),
 * and the event schemas it refers to from the ingest module, by their {@code $id}.
 */
public final class ApiContract {

  static final String DOCUMENT = "classpath:" + DocumentController.OPENAPI;
  private static final String EVENT_SCHEMAS = "classpath:dev/memlog/ingest/schema/";
  private static final JsonNode TREE = DocumentController.openApi();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialects(
      List.of(Dialects.getOpenApi31(), Dialects.getDraft202012()),
      builder -> builder.defaultDialectId(Dialects.getOpenApi31().getId()).schemaIdResolvers(ids -> ids
          // the document refers to the event schemas where the node serves them, next to itself
          .mapPrefix("classpath:dev/memlog/api/schemas/", EVENT_SCHEMAS)
          .mapPrefix("https://memlog.dev/schemas/", EVENT_SCHEMAS)));
  private static final Map<String, com.networknt.schema.Schema> SCHEMAS = new ConcurrentHashMap<>();
  private static final Set<String> JSON_TYPES = Set.of("application/json", "application/problem+json");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Set<String> VALIDATED = new ConcurrentSkipListSet<>();

  private ApiContract() {}

  /**
   * Fails unless {@code response} to {@code method path} is documented and matches the document.
   *
   * @return the response, to go on with
   */
  static Response check(String method, String path, Response response) {
    check(method, path, response.code(), name -> response.headers().get(name), bodyText(response));
    return response;
  }

  /**
   * Fails unless the answer to {@code method path} ({@code status}, the header values {@code headers} gives for a
   * name, {@code body}) is documented and matches the document; notes the operation and status as validated.
   */
  public static void check(String method, String path, int status, Function<String, List<String>> headers,
      String body) {
    var template = template(path.split("\\?", 2)[0]);
    var operation = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
    if (template.isEmpty() || TREE.at(operation).isMissingNode()) {
      checkUnrouted(method, path, template.isEmpty() ? 404 : 405, status, headers, body);
      return;
    }
    var documentedStatus = documentedStatus(template, method, status);
    var pointer = operation + "/responses/" + documentedStatus;
    var reference = TREE.at(pointer).path("$ref");
    var documentedAt = reference.isTextual() ? reference.asText().substring(1) : pointer;
    var documented = TREE.at(documentedAt);
    assertThat(documented.isMissingNode()).as("%s %s answered %s, which is not documented: %s", method, template,
        status, body).isFalse();
    var contentType = headers.apply("Content-Type");
    var mediaType = contentType.isEmpty() ? "" : contentType.get(0).split(";")[0].strip();
    assertThat(documented.path("content").has(mediaType)).as("%s %s %s answered %s, documented: %s", method,
        template, status, mediaType, documented.path("content").fieldNames()).isTrue();
    documented.path("headers").fields().forEachRemaining(header -> {
      if (resolve(header.getValue()).path("required").asBoolean() || header.getKey().equals(RequestIds.HEADER)) {
        assertThat(headers.apply(header.getKey())).as("%s %s %s: header %s", method, template, status,
            header.getKey()).isNotEmpty();
      }
    });
    if (JSON_TYPES.contains(mediaType)) {
      var location = documentedAt + "/content/" + escape(mediaType) + "/schema";
      assertThat(violations(location, json(body))).as("%s %s %s: %s", method, template, status, body).isEmpty();
    }
    VALIDATED.add(method.toUpperCase(Locale.ROOT) + " " + template + " " + documentedStatus);
  }

  /**
   * Every answer validated so far in this JVM, as {@code METHOD template status} (the status as documented:
   * {@code 404}, {@code 4XX}).
   */
  public static Set<String> validated() {
    return Set.copyOf(VALIDATED);
  }

  /** Every documented operation, as {@code METHOD template}. */
  public static Set<String> documentedOperations() {
    var documented = new TreeSet<String>();
    TREE.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (METHODS.contains(method)) {
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    return documented;
  }

  /** The status as the document names it for the operation: itself, or its range ({@code 4XX}). */
  static String documentedStatus(String template, String method, int status) {
    var responses = TREE.at("/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses");
    return responses.has("" + status) ? "" + status : status / 100 + "XX";
  }

  /** A path the API does not have is a 404 problem; a method a path does not take, a 405 problem with Allow. */
  private static void checkUnrouted(String method, String path, int expected, int status,
      Function<String, List<String>> headers, String body) {
    assertThat(status).as("%s %s", method, path).isEqualTo(expected);
    assertThat(headers.apply("Content-Type")).singleElement().asString().startsWith("application/problem+json");
    assertThat(headers.apply(RequestIds.HEADER)).isNotEmpty();
    if (status == 405) {
      assertThat(headers.apply("Allow")).isNotEmpty();
    }
    assertThat(violations("/components/schemas/Problem", json(body))).isEmpty();
  }

  /** The violations of {@code value} against the schema at {@code pointer} in the document. */
  static List<String> violations(String pointer, JsonNode value) {
    var schema = SCHEMAS.computeIfAbsent(pointer, p -> REGISTRY.getSchema(SchemaLocation.of(DOCUMENT + "#"
        + p.replace("{", "%7B").replace("}", "%7D"))));
    return schema.validate(value).stream().map(Error::toString).toList();
  }

  /** The documented path that {@code path} is an instance of, empty when there is none. */
  public static String template(String path) {
    var fields = TREE.path("paths").fieldNames();
    while (fields.hasNext()) {
      var template = fields.next();
      var regex = Pattern.quote(template).replaceAll("\\{\\w+}", "\\\\E[^/]+\\\\Q");
      if (path.matches(regex)) {
        return template;
      }
    }
    return "";
  }

  private static JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? TREE.at(node.path("$ref").asText().substring(1)) : node;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String bodyText(Response response) {
    return response.body().string();
  }

  private static JsonNode json(String body) {
    try {
      return EventCodec.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
