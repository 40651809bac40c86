package dev.memlog.projector.sqlite;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.MessageEdited;
import dev.memlog.ingest.event.MessageRedacted;
import java.sql.SQLException;
import java.util.List;

/**
 * The message part of the fold. A message's content is a last-writer-wins register stamped with
 * (occurredAt, eventId); a redaction wins over every edit; an edit or a redaction that arrives before its
 * message leaves a placeholder row (role null) that the message completes. The FTS index holds a message
 * exactly while it is appended and not redacted. Contents that lose to a later one are kept as versions, for
 * reads "as of" a past point, until the message is redacted or forgotten.
 */
final class MessageApplier {

  private final PreparedStatements sql;
  private final FtsIndex fts;
  private final TenantRanges ranges;

  MessageApplier(PreparedStatements sql, FtsIndex fts) {
    this.sql = sql;
    this.fts = fts;
    this.ranges = new TenantRanges(sql);
  }

  /** Reads the tenants' ranges of rowids again: on open, and whenever a transaction did not commit. */
  void loadRanges() throws SQLException {
    ranges.load();
  }

  List<EventKey> append(MessageAppended e, Provenance from) throws SQLException {
    long at = Micros.of(e.occurredAt());
    long before = ranges.before(e.tenant());
    // the common case first: a message not seen before is one insert (which does nothing if the row exists)
    try (var rows = sql.bind("insert-message", e.tenant(), e.conversationId(), e.messageId(),
        e.role().wireName(), e.source().agentId(), at, e.content(), at, e.eventId(), 0, from.topic(),
        from.partition(), from.offset(), e.eventId(), from.offset(), e.tokenCount(),
        MessageRows.json(e.attachments()), before).executeQuery()) {
      if (rows.next()) {
        fts.insert(TenantRanges.inRange(e.tenant(), before, rows.getLong(1)));
        countMessage(e, at, from);
        return List.of(e.key());
      }
    }
    var existing = find(e.tenant(), e.conversationId(), e.messageId());
    if (existing.role() == null) {
      boolean appendWins = !existing.redacted() && existing.olderThan(at, e.eventId());
      var content = existing.redacted() ? null : appendWins ? e.content() : existing.content();
      long contentAt = appendWins ? at : existing.contentAt();
      var contentEventId = appendWins ? e.eventId() : existing.contentEventId();
      long contentOffset = appendWins ? from.offset() : existing.contentOffset();
      if (!existing.redacted()) {
        keepLoser(e, appendWins ? existing : null, e.content(), at, from, e.conversationId(), e.messageId());
      }
      sql.update("complete-placeholder", e.role().wireName(), e.source().agentId(), at, content, contentAt,
          contentEventId, contentOffset, from.topic(), from.partition(), from.offset(), e.eventId(), e.tokenCount(),
          MessageRows.json(e.attachments()), existing.id());
      if (!existing.redacted()) {
        fts.insert(existing.id());
      }
      countMessage(e, at, from);
    }
    return List.of(e.key());
  }

  private void countMessage(MessageAppended e, long at, Provenance from) throws SQLException {
    sql.update("count-message", e.tenant(), e.conversationId(), at, from.topic(), from.partition(), from.offset(),
        e.eventId());
  }

  List<EventKey> edit(MessageEdited e, Provenance from) throws SQLException {
    var existing = find(e.tenant(), e.conversationId(), e.messageId());
    long at = Micros.of(e.occurredAt());
    if (existing == null) {
      insertPlaceholder(e, e.conversationId(), e.messageId(), e.content(), false, from);
    } else if (!existing.redacted() && existing.olderThan(at, e.eventId())) {
      if (existing.role() != null) {
        fts.delete(existing.id());
      }
      keepLoser(e, existing, null, at, from, e.conversationId(), e.messageId());
      sql.update("set-content", e.content(), at, e.eventId(), from.offset(), existing.id());
      if (existing.role() != null) {
        fts.insert(existing.id());
      }
    } else if (!existing.redacted() && !existing.stampedBy(at, e.eventId())) {
      keepLoser(e, null, e.content(), at, from, e.conversationId(), e.messageId());
    }
    return List.of(e.key());
  }

  /**
   * Keeps the content that lost a last-writer-wins comparison as a past version, for reads "as of" an earlier
   * point: either the stored content ({@code stored} not null) or the arriving event's ({@code content}).
   */
  private void keepLoser(MemoryEvent e, StoredMessage stored, String content, long at, Provenance from,
      String conversationId, String messageId) throws SQLException {
    if (stored != null && stored.content() != null) {
      sql.update("keep-version", e.tenant(), conversationId, messageId, stored.content(), stored.contentAt(),
          stored.contentEventId(), stored.contentOffset(), from.topic(), from.partition(), from.offset());
    } else if (stored == null && content != null) {
      sql.update("keep-version", e.tenant(), conversationId, messageId, content, at, e.eventId(), from.offset(),
          from.topic(), from.partition(), from.offset());
    }
  }

  List<EventKey> redact(MessageRedacted e, Provenance from) throws SQLException {
    var existing = find(e.tenant(), e.conversationId(), e.messageId());
    if (existing == null) {
      insertPlaceholder(e, e.conversationId(), e.messageId(), null, true, from);
    } else if (!existing.redacted()) {
      if (existing.role() != null) {
        fts.delete(existing.id());
      }
      sql.update("redact-message", Micros.of(e.occurredAt()), e.eventId(), existing.id());
    }
    sql.update("delete-versions-of-message", e.tenant(), e.conversationId(), e.messageId());
    return List.of(e.key());
  }

  private void insertPlaceholder(MemoryEvent e, String conversationId, String messageId, String content,
      boolean redacted, Provenance from) throws SQLException {
    long at = Micros.of(e.occurredAt());
    long before = ranges.before(e.tenant());
    try (var rows = sql.bind("insert-message", e.tenant(), conversationId, messageId, null, null, null, content, at,
        e.eventId(), redacted ? 1 : 0, from.topic(), from.partition(), from.offset(), e.eventId(), from.offset(),
        null, null, before).executeQuery()) {
      rows.next();
      TenantRanges.inRange(e.tenant(), before, rows.getLong(1));
    }
  }

  private StoredMessage find(String tenant, String conversationId, String messageId) throws SQLException {
    try (var rows = sql.bind("find-message", tenant, conversationId, messageId).executeQuery()) {
      if (!rows.next()) {
        return null;
      }
      return new StoredMessage(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4),
          rows.getString(5), rows.getInt(6) != 0, rows.getLong(7));
    }
  }

  /** A message row as the fold needs it. */
  private record StoredMessage(
      long id, String role, String content, long contentAt, String contentEventId, boolean redacted,
      long contentOffset) {

    /** Whether the content stamp is older than (at, eventId), so that an event stamped so replaces it. */
    boolean olderThan(long at, String eventId) {
      return contentAt < at || (contentAt == at && contentEventId.compareTo(eventId) < 0);
    }

    /** Whether the content was set by this very event (it is being applied again). */
    boolean stampedBy(long at, String eventId) {
      return contentAt == at && contentEventId.equals(eventId);
    }
  }
}
