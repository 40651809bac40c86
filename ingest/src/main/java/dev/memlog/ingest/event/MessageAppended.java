package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** A message was added to a conversation. */
public record MessageAppended(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String messageId,
    Role role,
    String content)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "message.appended.v1";

  public MessageAppended {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
