package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** An entity was learned or updated; the upsert with the latest {@code occurredAt} wins. */
public record EntityUpserted(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String entityId,
    String entityType,
    String name,
    Map<String, String> attributes)
    implements EntityEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "entity.upserted.v1";

  public EntityUpserted {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(name, "name");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
