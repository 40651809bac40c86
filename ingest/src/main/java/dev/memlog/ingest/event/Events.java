package dev.memlog.ingest.event;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds events for one tenant and source, stamping each with a fresh event id and the current time.
 *
 * <pre>{@code
 * var events = Events.forTenant("acme", new EventSource("support-bot", "langgraph"));
 * client.publish(events.messageAppended("c-42", "m-1", Role.USER, "My order never arrived"));
 * }</pre>
 */
public final class Events {

  private final String tenant;
  private final EventSource source;
  private final Clock clock;
  private final Supplier<String> eventIds;

  /**
   * An event factory with random UUID event ids and the system clock.
   *
   * @param tenant the tenant every event belongs to, not null
   * @param source the agent and runtime every event comes from, not null
   */
  public static Events forTenant(String tenant, EventSource source) {
    return new Events(tenant, source, Clock.systemUTC(), () -> UUID.randomUUID().toString());
  }

  /** An event factory with the given clock and event-id supplier, for deterministic events (tests, demos). */
  public Events(String tenant, EventSource source, Clock clock, Supplier<String> eventIds) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
  }

  public ConversationStarted conversationStarted(String conversationId, String title) {
    return new ConversationStarted(eventIds.get(), tenant, clock.instant(), source, conversationId, title);
  }

  public MessageAppended messageAppended(String conversationId, String messageId, Role role, String content) {
    return messageAppended(conversationId, messageId, role, content, null, List.of());
  }

  /** A message with its token count (may be null) and attachments. */
  public MessageAppended messageAppended(String conversationId, String messageId, Role role, String content,
      Integer tokenCount, List<Attachment> attachments) {
    return new MessageAppended(eventIds.get(), tenant, clock.instant(), source, conversationId, messageId, role,
        content, tokenCount, attachments);
  }

  public MessageEdited messageEdited(String conversationId, String messageId, String content) {
    return new MessageEdited(eventIds.get(), tenant, clock.instant(), source, conversationId, messageId, content);
  }

  public MessageRedacted messageRedacted(String conversationId, String messageId, String reason) {
    return new MessageRedacted(eventIds.get(), tenant, clock.instant(), source, conversationId, messageId, reason);
  }

  public ConversationForgotten conversationForgotten(String conversationId, String reason) {
    return new ConversationForgotten(eventIds.get(), tenant, clock.instant(), source, conversationId, reason);
  }

  public EntityUpserted entityUpserted(String entityId, String entityType, String name,
      Map<String, String> attributes) {
    return new EntityUpserted(eventIds.get(), tenant, clock.instant(), source, entityId, entityType, name,
        attributes);
  }

  public RelationAsserted relationAsserted(String fromEntityId, String relationType, String toEntityId,
      double strength) {
    return new RelationAsserted(eventIds.get(), tenant, clock.instant(), source, fromEntityId, relationType,
        toEntityId, strength);
  }

  public EntityMentioned entityMentioned(String conversationId, String messageId, String entityId) {
    return new EntityMentioned(eventIds.get(), tenant, clock.instant(), source, conversationId, messageId, entityId);
  }

  public EntityForgotten entityForgotten(String entityId, String reason) {
    return new EntityForgotten(eventIds.get(), tenant, clock.instant(), source, entityId, reason);
  }
}
