package dev.memlog.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The JSON Schema of every event type, loaded once from this module's resources. */
final class EventSchemas {

  static final String RESOURCE_DIR = "dev/memlog/ingest/schema/";

  private final Map<String, Schema> byType;
  private final Schema sealed;

  EventSchemas() {
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
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

  /** The violations of the event's schema, each naming the field, e.g. {@code $.role: does not have a value...}. */
  List<String> violations(String type, JsonNode event) {
    return byType.get(type).validate(event).stream().map(Error::toString).toList();
  }

  /** The violations of the {@code sealed} object of a sealed event. */
  List<String> sealedViolations(JsonNode sealedObject) {
    return sealed.validate(sealedObject).stream().map(Error::toString).toList();
  }

  private static Schema load(SchemaRegistry registry, String type) {
    var location = SchemaLocation.of("classpath:" + RESOURCE_DIR + type + ".json");
    var schema = registry.getSchema(location);
    schema.initializeValidators();
    return schema;
  }
}
