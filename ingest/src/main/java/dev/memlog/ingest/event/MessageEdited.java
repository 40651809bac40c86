package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.Objects;

/** A message's content was replaced; the edit with the latest {@code occurredAt} wins. */
public record MessageEdited(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String messageId,
    String content)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "message.edited.v1";

  public MessageEdited {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(content, "content");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
