package dev.memlog.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.path.PathType;
import com.networknt.schema.SpecificationVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The JSON Schema of every event type, loaded once from this module's resources. */
final class EventSchemas {

  static final String RESOURCE_DIR = "dev/memlog/ingest/schema/";
  /** The base of every schema's {@code $id}; a name, resolved to this module's resources, never fetched. */
  static final String ID_BASE = "https://memlog.dev/schemas/";

  private final Map<String, Schema> byType;
  private final Schema sealed;

  EventSchemas() {
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(ID_BASE, "classpath:" + RESOURCE_DIR))
            .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));
    this.byType = typeNames().stream()
        .collect(Collectors.toUnmodifiableMap(Function.identity(), type -> load(registry, type)));
    this.sealed = load(registry, "sealed.v1");
  }

  /** Every versioned type name that has a record and a schema. */
  static List<String> typeNames() {
    return Arrays.stream(MemoryEvent.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value())
        .map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::name)
        .sorted()
        .toList();
  }

  boolean knows(String type) {
    return byType.containsKey(type);
  }

  /** The violations of the event's schema, each naming the field, e.g. {@code $.role}, and what is wrong there. */
  List<InvalidEventException.Violation> violations(String type, JsonNode event) {
    return byType.get(type).validate(event).stream().map(EventSchemas::violation).toList();
  }

  /** A missing field is named itself ({@code $.role}), not by the object that lacks it. */
  private static InvalidEventException.Violation violation(Error error) {
    var field = error.getInstanceLocation().toString();
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      field = field + "." + error.getProperty();
    }
    return new InvalidEventException.Violation(field, error.getMessage());
  }

  /** The violations of the {@code sealed} object of a sealed event. */
  List<String> sealedViolations(JsonNode sealedObject) {
    return sealed.validate(sealedObject).stream().map(Error::toString).toList();
  }

  private static Schema load(SchemaRegistry registry, String type) {
    var location = SchemaLocation.of(ID_BASE + type + ".json");
    var schema = registry.getSchema(location);
    schema.initializeValidators();
    return schema;
  }
}
