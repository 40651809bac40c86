package dev.memlog.ingest.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Something an agent runtime saw happen, as published to the memlog events topic.
 *
 * <p>Every event carries an {@link #eventId()} used to de-duplicate, the {@link #tenant()} that owns it, the
 * time it {@link #occurredAt() occurred} and its {@link #source()}. On the wire it is a flat JSON object whose
 * {@code type} field names the event and its version, e.g. {@code message.appended.v1}; the JSON Schema of each
 * type lives in this module's resources under {@code dev/memlog/ingest/schema/}.
 *
 * <p>Ids (conversation, message, entity) are scoped by tenant: the same id in two tenants names two things.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ConversationStarted.class, name = ConversationStarted.TYPE),
  @JsonSubTypes.Type(value = MessageAppended.class, name = MessageAppended.TYPE),
  @JsonSubTypes.Type(value = MessageAppended.class, name = MessageAppended.TYPE_V1),
  @JsonSubTypes.Type(value = MessageEdited.class, name = MessageEdited.TYPE),
  @JsonSubTypes.Type(value = MessageRedacted.class, name = MessageRedacted.TYPE),
  @JsonSubTypes.Type(value = ConversationForgotten.class, name = ConversationForgotten.TYPE),
  @JsonSubTypes.Type(value = EntityUpserted.class, name = EntityUpserted.TYPE),
  @JsonSubTypes.Type(value = RelationAsserted.class, name = RelationAsserted.TYPE),
  @JsonSubTypes.Type(value = EntityMentioned.class, name = EntityMentioned.TYPE),
  @JsonSubTypes.Type(value = EntityForgotten.class, name = EntityForgotten.TYPE)
})
public sealed interface MemoryEvent
    permits ConversationEvent, EntityEvent {

  /** Unique id of this event within its tenant; publishing the same id twice has the effect of publishing it once. */
  String eventId();

  /** The tenant that owns the event and everything it names. */
  String tenant();

  /** When the event happened at its source (not when it was published). */
  Instant occurredAt();

  /** Which agent and runtime produced the event. */
  EventSource source();

  /** The versioned type name written in the {@code type} field, e.g. {@code message.appended.v1}. */
  String type();

  /** The key under which the event is ordered: all events of one conversation, or of one entity, share it. */
  EventKey key();
}
