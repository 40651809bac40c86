package dev.memlog.projector.stream;

import dev.memlog.ingest.event.ConversationStarted;
import dev.memlog.ingest.event.EntityUpserted;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.MessageEdited;
import dev.memlog.ingest.event.MessageRedacted;
import java.util.List;

/**
 * What the fold applies for an event whose sealed content is gone (its key was shredded or never written): what
 * the event says without its content, and nothing it cannot say. The same log and the same keys always give the
 * same events, so a rebuild after shredding is deterministic; and since a key is only shredded when its subject is
 * forgotten, the forgetting that follows removes whatever these leave.
 */
final class ShreddedEvents {

  static final String REASON = "content shredded: its key no longer exists";

  private ShreddedEvents() {}

  static List<MemoryEvent> toFold(MemoryEvent event) {
    if (event instanceof MessageAppended m) {
      // the message existed, its content did not survive: a redacted message, as if redacted when appended
      return List.of(m, new MessageRedacted(m.eventId(), m.tenant(), m.occurredAt(), m.source(),
          m.conversationId(), m.messageId(), REASON));
    } else if (event instanceof MessageEdited || event instanceof EntityUpserted) {
      // an edit or an upsert is nothing but its content
      return List.of();
    } else if (event instanceof ConversationStarted) {
      return List.of(event);
    }
    throw new IllegalArgumentException(event.type() + " has no sealed content, it cannot be shredded");
  }
}
