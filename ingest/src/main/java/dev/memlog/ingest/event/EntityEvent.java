package dev.memlog.ingest.event;

/** An event about one entity of the tenant's knowledge graph; all of them are keyed by that entity. */
public sealed interface EntityEvent extends MemoryEvent permits EntityUpserted, RelationAsserted, EntityForgotten {

  /** The entity the event is about (for a relation, the entity it starts from). */
  String entityId();

  @Override
  default EventKey key() {
    return EventKey.entity(tenant(), entityId());
  }
}
