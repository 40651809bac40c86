package dev.memlog.projector.sqlite;

import dev.memlog.ingest.event.ConversationForgotten;
import dev.memlog.ingest.event.ConversationStarted;
import dev.memlog.ingest.event.EntityForgotten;
import dev.memlog.ingest.event.EntityMentioned;
import dev.memlog.ingest.event.EntityUpserted;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.MessageEdited;
import dev.memlog.ingest.event.MessageRedacted;
import dev.memlog.ingest.event.RelationAsserted;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one event to the SQLite read model, inside the writer's open transaction.
 *
 * <p>The fold gives the same rows whatever order the events of a conversation or entity arrive in, and applying
 * an event twice changes nothing: edits and upserts keep the one with the latest (occurredAt, eventId), a
 * redaction or a forgetting is final, and a message counts once however often it is appended.
 */
final class EventApplier {

  private static final String CONVERSATION = "conversation";
  private static final String ENTITY = "entity";

  private final PreparedStatements sql;
  private final FtsIndex fts;
  private final MessageApplier messages;
  /** The forgotten table in memory (it is small and read for nearly every event); see {@link #load()}. */
  private final Set<String> forgotten = new HashSet<>();

  EventApplier(PreparedStatements sql, FtsIndex fts) {
    this.sql = sql;
    this.fts = fts;
    this.messages = new MessageApplier(sql, fts);
  }

  /**
   * Reads what the applier keeps in memory (the forgotten table, the tenants' ranges of rowids) again: on open,
   * and whenever the transaction that changed it did not commit.
   */
  void load() throws SQLException {
    messages.loadRanges();
    forgotten.clear();
    try (var rows = sql.bind("all-forgotten").executeQuery()) {
      while (rows.next()) {
        forgotten.add(forgottenKey(rows.getString(1), rows.getString(2), rows.getString(3)));
      }
    }
  }

  /** Applies the event and returns the keys whose hot views (RocksDB) must be refreshed. */
  List<EventKey> apply(MemoryEvent event, Provenance from) throws SQLException {
    if (event instanceof ConversationStarted e) {
      return forgotten(e.tenant(), CONVERSATION, e.conversationId()) ? List.of() : start(e, from);
    } else if (event instanceof MessageAppended e) {
      return forgotten(e.tenant(), CONVERSATION, e.conversationId()) ? List.of() : messages.append(e, from);
    } else if (event instanceof MessageEdited e) {
      return forgotten(e.tenant(), CONVERSATION, e.conversationId()) ? List.of() : messages.edit(e, from);
    } else if (event instanceof MessageRedacted e) {
      return forgotten(e.tenant(), CONVERSATION, e.conversationId()) ? List.of() : messages.redact(e, from);
    } else if (event instanceof ConversationForgotten e) {
      return forgetConversation(e, from);
    } else if (event instanceof EntityMentioned e) {
      return mention(e, from);
    } else if (event instanceof EntityUpserted e) {
      return forgotten(e.tenant(), ENTITY, e.entityId()) ? List.of() : upsertEntity(e, from);
    } else if (event instanceof RelationAsserted e) {
      return relate(e, from);
    } else if (event instanceof EntityForgotten e) {
      return forgetEntity(e, from);
    }
    throw new IllegalStateException("no projection for event type " + event.type());
  }

  private List<EventKey> start(ConversationStarted e, Provenance from) throws SQLException {
    long at = Micros.of(e.occurredAt());
    sql.update("start-conversation", e.tenant(), e.conversationId(), e.title(), at, e.eventId(),
        e.source().agentId(), e.source().runtime(), at, from.topic(), from.partition(), from.offset(), e.eventId());
    return List.of(e.key());
  }

  private List<EventKey> forgetConversation(ConversationForgotten e, Provenance from) throws SQLException {
    fts.deleteConversation(e.tenant(), e.conversationId());
    sql.update("delete-messages-of-conversation", e.tenant(), e.conversationId());
    sql.update("delete-versions-of-conversation", e.tenant(), e.conversationId());
    sql.update("delete-mentions-of-conversation", e.tenant(), e.conversationId());
    sql.update("delete-conversation", e.tenant(), e.conversationId());
    recordForgotten(e.tenant(), CONVERSATION, e.conversationId(), e, from);
    return List.of(e.key());
  }

  private List<EventKey> mention(EntityMentioned e, Provenance from) throws SQLException {
    if (forgotten(e.tenant(), CONVERSATION, e.conversationId()) || forgotten(e.tenant(), ENTITY, e.entityId())) {
      return List.of();
    }
    sql.update("insert-mention", e.tenant(), e.entityId(), e.conversationId(), e.messageId(),
        Micros.of(e.occurredAt()), from.topic(), from.partition(), from.offset(), e.eventId());
    return List.of();
  }

  private List<EventKey> upsertEntity(EntityUpserted e, Provenance from) throws SQLException {
    String attributes;
    try {
      attributes = EventCodec.mapper().writeValueAsString(new java.util.TreeMap<>(e.attributes()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException("cannot write attributes of " + e.entityId(), ex);
    }
    sql.update("upsert-entity", e.tenant(), e.entityId(), e.entityType(), e.name(), attributes,
        Micros.of(e.occurredAt()), e.eventId(), from.topic(), from.partition(), from.offset(), e.eventId());
    return List.of(e.key());
  }

  private List<EventKey> relate(RelationAsserted e, Provenance from) throws SQLException {
    if (forgotten(e.tenant(), ENTITY, e.fromEntityId()) || forgotten(e.tenant(), ENTITY, e.toEntityId())) {
      return List.of();
    }
    sql.update("upsert-relation", e.tenant(), e.fromEntityId(), e.relationType(), e.toEntityId(), e.strength(),
        Micros.of(e.occurredAt()), e.eventId(), from.topic(), from.partition(), from.offset(), e.eventId());
    return List.of();
  }

  private List<EventKey> forgetEntity(EntityForgotten e, Provenance from) throws SQLException {
    sql.update("delete-entity", e.tenant(), e.entityId());
    sql.update("delete-relations-of-entity", e.tenant(), e.entityId());
    sql.update("delete-mentions-of-entity", e.tenant(), e.entityId());
    recordForgotten(e.tenant(), ENTITY, e.entityId(), e, from);
    return List.of(e.key());
  }

  /** Whether the conversation or entity is forgotten, as the open transaction sees it. */
  boolean forgotten(EventKey key) {
    return forgotten(key.tenant(), key.kind().segment(), key.id());
  }

  private boolean forgotten(String tenant, String kind, String id) {
    return forgotten.contains(forgottenKey(tenant, kind, id));
  }

  private static String forgottenKey(String tenant, String kind, String id) {
    return tenant + '\u0000' + kind + '\u0000' + id;
  }

  private void recordForgotten(String tenant, String kind, String id, MemoryEvent e, Provenance from)
      throws SQLException {
    sql.update("insert-forgotten", tenant, kind, id, Micros.of(e.occurredAt()), e.eventId(), from.topic(),
        from.partition(), from.offset());
    forgotten.add(forgottenKey(tenant, kind, id));
  }
}
