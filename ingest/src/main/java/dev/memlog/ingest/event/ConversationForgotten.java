package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** A conversation and everything said in it must be forgotten; {@code reason} may be null. Forgetting is final. */
public record ConversationForgotten(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String reason)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "conversation.forgotten.v1";

  public ConversationForgotten {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conversationId, "conversationId");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
