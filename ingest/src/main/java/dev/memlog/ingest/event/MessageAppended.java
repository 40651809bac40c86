package dev.memlog.ingest.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message was added to a conversation. Version 2 on the wire ({@code message.appended.v2}); a
 * {@code message.appended.v1} event is read as this record with no token count and no attachments.
 *
 * @param tokenCount how many tokens the message has, as the runtime counted them; may be null
 * @param attachments files attached to the message; never null, may be empty
 */
public record MessageAppended(
    String eventId,
    String tenant,
    Instant occurredAt,
    EventSource source,
    String conversationId,
    String messageId,
    Role role,
    String content,
    Integer tokenCount,
    List<Attachment> attachments)
    implements ConversationEvent {

  /** The versioned type name of this event on the wire. */
  public static final String TYPE = "message.appended.v2";

  /** The first version of this event, still read (and upcast) from the log. */
  public static final String TYPE_V1 = "message.appended.v1";

  public MessageAppended {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (tokenCount != null && tokenCount < 0) {
      throw new IllegalArgumentException("tokenCount cannot be negative, got " + tokenCount);
    }
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
