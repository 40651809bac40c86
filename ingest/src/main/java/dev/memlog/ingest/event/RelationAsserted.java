package dev.memlog.ingest.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/** A typed, weighted relation from one entity to another; keyed by the entity it starts from. */
public record RelationAsserted(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String fromEntityId,
    String relationType,
    String toEntityId,
    double strength)
    implements EntityEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "relation.asserted.v1";

  public RelationAsserted {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fromEntityId, "fromEntityId");
    Objects.requireNonNull(relationType, "relationType");
    Objects.requireNonNull(toEntityId, "toEntityId");
    if (!(strength >= 0.0 && strength <= 1.0)) {
      throw new IllegalArgumentException("strength must be between 0 and 1, got " + strength);
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The entity the relation starts from, which keys the event. */
  @Override
  @JsonIgnore
  public String entityId() {
    return fromEntityId;
  }
}
