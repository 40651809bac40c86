package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** An entity, its relations and its mentions must be forgotten; {@code reason} may be null. Forgetting is final. */
public record EntityForgotten(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String entityId,
    String reason)
    implements EntityEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "entity.forgotten.v1";

  public EntityForgotten {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(entityId, "entityId");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
