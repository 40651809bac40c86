package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** An entity was mentioned in a message; keyed by the conversation, so it is ordered with the message. */
public record EntityMentioned(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String messageId,
    String entityId)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "entity.mentioned.v1";

  public EntityMentioned {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(entityId, "entityId");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
