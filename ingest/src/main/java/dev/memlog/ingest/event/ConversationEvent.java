package dev.memlog.ingest.event;

/** An event about one conversation; all of them are keyed by that conversation. */
public sealed interface ConversationEvent extends MemoryEvent
    permits ConversationStarted, MessageAppended, MessageEdited, MessageRedacted, ConversationForgotten,
        EntityMentioned {

  /** The conversation the event belongs to. */
  String conversationId();

  @Override
  default EventKey key() {
    return EventKey.conversation(tenant(), conversationId());
  }
}
