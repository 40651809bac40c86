package dev.memlog.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks Kubernetes objects against the types of the Kubernetes API, offline, as strictly as the API server reads
 * them: the official Java client's models (generated from the API's OpenAPI document) refuse a field the type does
 * not have, a missing required field, and an object or list where the type wants another shape; and since they
 * quietly coerce scalars ({@code "3"} into an integer, {@code 8080} into a string), the object they read must
 * write back exactly as the manifest was written, or a value had the wrong type.
 */
final class KubernetesSchema {

  private static final ObjectMapper JSON_TREES = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** The kinds these manifests may use; a kind missing here fails the check until it is added. */
  private static final Map<String, Class<?>> TYPES = Map.of(
      "v1/Namespace", V1Namespace.class,
      "v1/Service", V1Service.class,
      "v1/ServiceAccount", V1ServiceAccount.class,
      "v1/ConfigMap", V1ConfigMap.class,
      "v1/Secret", V1Secret.class,
      "apps/v1/StatefulSet", V1StatefulSet.class,
      "apps/v1/Deployment", V1Deployment.class,
      "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class);

  private KubernetesSchema() {}

  /** The documents of a YAML text (separated by {@code ---}), empty ones left out. */
  static List<JsonNode> documents(String yaml) {
    try (var parser = YAML.createParser(yaml)) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(document -> document != null && !document.isMissingNode() && !document.isNull()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong with one object; empty when the Kubernetes API's types accept it. */
  static List<String> problems(JsonNode object) {
    var type = TYPES.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
    if (type == null) {
      return List.of("no Kubernetes type known for apiVersion '" + object.path("apiVersion").asText()
          + "' and kind '" + object.path("kind").asText() + "' (known: " + new TreeSet<>(TYPES.keySet()) + ")");
    }
    Object read;
    try {
      read = JSON.deserialize(object.toString(), type);
    } catch (RuntimeException e) {
      // the generated readers refuse a mismatch in several ways: IllegalArgumentException (an unknown or missing
      // field), JsonParseException (a scalar of the wrong kind), ClassCastException (an object for a list),
      // QuantityFormatException (a quantity that is not one)
      return List.of(type.getSimpleName() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    try {
      var written = JSON_TREES.readTree(JSON.serialize(read));
      var problems = new ArrayList<String>();
      differences("", object, written, problems);
      return problems;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void differences(String path, JsonNode manifest, JsonNode typed, List<String> problems) {
    if (manifest.isObject() && typed.isObject()) {
      var names = new HashSet<String>();
      manifest.fieldNames().forEachRemaining(names::add);
      typed.fieldNames().forEachRemaining(names::add);
      for (var name : new TreeSet<>(names)) {
        differences(path + "/" + name, manifest.path(name), typed.path(name), problems);
      }
    } else if (manifest.isArray() && typed.isArray() && manifest.size() == typed.size()) {
      for (int i = 0; i < manifest.size(); i++) {
        differences(path + "/" + i, manifest.get(i), typed.get(i), problems);
      }
    } else if (manifest.isMissingNode() && typed.isContainerNode() && typed.isEmpty()) {
      // the models start every list and map empty: an empty one written back is a field left out
      return;
    } else if (!manifest.equals(typed)) {
      problems.add(path + ": the manifest has " + describe(manifest) + ", the Kubernetes type reads it as "
          + describe(typed));
    }
  }

  private static String describe(JsonNode node) {
    return node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + node;
  }
}
