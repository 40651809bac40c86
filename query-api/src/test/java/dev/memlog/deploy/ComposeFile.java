package dev.memlog.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Docker Compose file read as compose reads it: anchors and merge keys ({@code <<: *node}) resolved, and
 * {@code ${VARIABLE}} in the environment interpolated, so that a test can start containers with the settings the
 * compose file gives its services.
 */
public final class ComposeFile {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?}");

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  /** Reads {@code file}; SnakeYAML resolves the anchors, aliases and merge keys that Jackson leaves alone. */
  public static ComposeFile read(Path file) {
    try {
      Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
      return new ComposeFile(new ObjectMapper().valueToTree(document));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the services that start with {@code prefix}, in the file's order. */
  public List<String> services(String prefix) {
    var names = new ArrayList<String>();
    root.path("services").fieldNames().forEachRemaining(name -> {
      if (name.startsWith(prefix)) {
        names.add(name);
      }
    });
    return names;
  }

  /** A service as written, merges resolved. */
  public JsonNode service(String name) {
    var service = root.path("services").path(name);
    if (!service.isObject()) {
      throw new IllegalArgumentException("no service " + name + " in the compose file");
    }
    return service;
  }

  public String image(String service) {
    return service(service).path("image").asText();
  }

  /** The port inside the container of the service's first published port ({@code HOST:CONTAINER}). */
  public int containerPort(String service) {
    var published = service(service).path("ports").path(0).asText();
    return Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
  }

  /** The shell command of the service's health check ({@code CMD-SHELL}). */
  public String healthCheckCommand(String service) {
    var test = service(service).path("healthcheck").path("test");
    if (!test.path(0).asText().equals("CMD-SHELL")) {
      throw new IllegalArgumentException(service + ": a health check that is not CMD-SHELL: " + test);
    }
    return test.path(1).asText();
  }

  /**
   * The service's environment with {@code ${NAME}}, {@code ${NAME:?message}} and {@code ${NAME:-default}} taken
   * from {@code variables}, as compose does.
   *
   * @throws IllegalArgumentException when a variable the file requires is not in {@code variables}
   */
  public Map<String, String> environment(String service, Map<String, String> variables) {
    var environment = new LinkedHashMap<String, String>();
    service(service).path("environment").fields()
        .forEachRemaining(entry -> environment.put(entry.getKey(), interpolate(entry.getValue().asText(), variables)));
    return environment;
  }

  static String interpolate(String value, Map<String, String> variables) {
    var matcher = VARIABLE.matcher(value);
    var result = new StringBuilder();
    while (matcher.find()) {
      var given = variables.get(matcher.group(1));
      var operator = matcher.group(2) == null ? "" : matcher.group(2);
      var empty = given == null || (operator.startsWith(":") && given.isEmpty());
      String replacement;
      if (!empty || operator.isEmpty()) {
        replacement = given == null ? "" : given;
      } else if (operator.endsWith("?")) {
        throw new IllegalArgumentException(matcher.group(1) + " is required: " + matcher.group(3));
      } else {
        replacement = matcher.group(3);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
