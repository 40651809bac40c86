package dev.memlog.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns an event of an older version, as the log still holds it, into the current version of its type, after
 * it was validated against its own version's schema. The fold only ever sees current versions. See
 * {@code docs/SCHEMA_EVOLUTION.md} for the rules.
 */
final class EventUpcaster {

  /** For each old type name, how its JSON becomes the next version's. */
  private static final Map<String, UnaryOperator<ObjectNode>> STEPS = Map.of(
      MessageAppended.TYPE_V1, EventUpcaster::messageAppendedV1ToV2);

  private EventUpcaster() {}

  /** The type names that are read but no longer written. */
  static Set<String> oldTypeNames() {
    return STEPS.keySet();
  }

  /** The event as its type's current version; an event of a current version is returned as it is. */
  static JsonNode toCurrent(JsonNode event) {
    var current = event;
    var step = STEPS.get(current.path("type").asText());
    while (step != null) {
      current = step.apply(((ObjectNode) current).deepCopy());
      step = STEPS.get(current.path("type").asText());
    }
    return current;
  }

  /** v2 added an optional token count and attachments: a v1 message has neither. */
  private static ObjectNode messageAppendedV1ToV2(ObjectNode v1) {
    v1.put("type", MessageAppended.TYPE);
    v1.putNull("tokenCount");
    v1.putArray("attachments");
    return v1;
  }
}
