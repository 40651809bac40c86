package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** A conversation began; {@code title} may be null. */
public record ConversationStarted(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String title)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "conversation.started.v1";

  public ConversationStarted {
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
