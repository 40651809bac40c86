package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** A message's content must no longer be kept or shown; {@code reason} may be null. Redaction is final. */
public record MessageRedacted(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String messageId,
    String reason)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "message.redacted.v1";

  public MessageRedacted {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(messageId, "messageId");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
