package dev.memlog.bench.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.ConversationForgotten;
import dev.memlog.ingest.event.ConversationStarted;
import dev.memlog.ingest.event.EntityForgotten;
import dev.memlog.ingest.event.EntityMentioned;
import dev.memlog.ingest.event.EntityUpserted;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.MessageEdited;
import dev.memlog.ingest.event.MessageRedacted;
import dev.memlog.ingest.event.RelationAsserted;
import dev.memlog.projector.sqlite.MessageRows;
import dev.memlog.projector.sqlite.PreparedStatements;
import dev.memlog.projector.sqlite.Micros;
import dev.memlog.projector.sqlite.SqlStatements;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.TenantRanges;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQLite ceiling as the benchmark defines it: the rows each event produces, written straight into the same
 * schema (same file settings, same FTS5 table, the projector's own INSERT statements) in transactions of the same
 * size, with no Kafka, no decoding and none of the fold's reads (no idempotency or last-writer-wins checks, no
 * hot views). It is what the disk and SQLite allow for this workload; the projector cannot beat it.
 *
 * <p>New and edited messages are indexed at the end of each transaction, in rowid order, after the transaction's
 * index deletes, as the writer indexes them (a row edited or redacted before it was indexed deletes nothing).
 * Edits, redactions and forgettings, a few percent of the workload, are written as plain SQL too (the FTS5 delete
 * reads the old content inside SQLite, in the same statement).
 */
public final class RawSqliteCeiling {

  private static final SqlStatements PROJECTION = SqlStatements.load("dev/memlog/projector/sqlite/projection.sql");
  private static final String FTS_DELETE_BY_KEY = "INSERT INTO messages_fts (messages_fts, rowid, content) "
      + "SELECT 'delete', id, content FROM messages_fts_content WHERE id = "
      + "(SELECT id FROM messages WHERE tenant = ? AND conversation_id = ? AND message_id = ?)";
  private static final String SET_CONTENT_BY_KEY = "UPDATE messages SET content = ?, content_at = ?, "
      + "content_event_id = ?, content_offset = ? WHERE tenant = ? AND conversation_id = ? AND message_id = ? "
      + "AND redacted = 0 RETURNING id";
  private static final String REDACT_BY_KEY = "UPDATE messages SET content = NULL, redacted = 1, content_at = ?, "
      + "content_event_id = ? WHERE tenant = ? AND conversation_id = ? AND message_id = ?";

  private final int batchEvents;
  private final int partitions;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /**
   * Rows to index at the end of the transaction, by message key (an edit or a redaction of a row not indexed yet
   * deletes nothing); indexed in rowid order, as the projector's writer does (FtsIndex).
   */
  private final Map<String, Long> toIndex = new HashMap<>();
  /** Each tenant's range of rowids, kept in memory as the projector's writer keeps it. */
  private TenantRanges ranges;

  public RawSqliteCeiling(int batchEvents, int partitions) {
    this.batchEvents = batchEvents;
    this.partitions = partitions;
  }

  /** Writes up to {@code count} events into a new database at {@code file}; records checkpoints on the way. */
  public Throughput run(Iterator<MemoryEvent> events, long count, Path file, List<Long> checkpointsAt,
      List<SqliteCeiling.Checkpoint> checkpoints) {
    var offsets = new long[partitions];
    try (var connection = SqliteDatabase.open(file).openWriter();
        var rangeStatements = new PreparedStatements(connection, PROJECTION)) {
      ranges = new TenantRanges(rangeStatements);
      ranges.load();
      var result = TimedWrites.run(events, count, partitions, checkpointsAt, checkpoints, new TimedWrites.Writer() {
        private int inBatch;

        @Override
        public void write(MemoryEvent event, int partition, long offset) throws SQLException {
          RawSqliteCeiling.this.write(connection, event, partition, offset);
          offsets[partition] = offset + 1;
          if (++inBatch == batchEvents) {
            commit();
          }
        }

        @Override
        public void commit() throws SQLException {
          RawSqliteCeiling.this.commit(connection, offsets);
          inBatch = 0;
        }
      });
      for (var statement : statements.values()) {
        statement.close();
      }
      return result;
    } catch (Exception e) {
      throw new IllegalStateException("the raw SQLite ceiling failed on " + file, e);
    }
  }

  private void write(Connection db, MemoryEvent event, int partition, long offset) throws SQLException {
    var topic = MemlogTopics.EVENTS;
    long at = Micros.of(event.occurredAt());
    if (event instanceof MessageAppended e) {
      long id;
      try (var rows = bind(db, PROJECTION.get("insert-message"), e.tenant(), e.conversationId(), e.messageId(),
          e.role().wireName(), e.source().agentId(), at, e.content(), at, e.eventId(), 0, topic, partition, offset,
          e.eventId(), offset, e.tokenCount(), MessageRows.json(e.attachments()), ranges.before(e.tenant()))
          .executeQuery()) {
        if (!rows.next()) {
          return;
        }
        id = rows.getLong(1);
      }
      toIndex.put(key(e.tenant(), e.conversationId(), e.messageId()), id);
      update(db, PROJECTION.get("count-message"), e.tenant(), e.conversationId(), at, topic, partition, offset,
          e.eventId());
    } else if (event instanceof ConversationStarted e) {
      update(db, PROJECTION.get("start-conversation"), e.tenant(), e.conversationId(), e.title(), at, e.eventId(),
          e.source().agentId(), e.source().runtime(), at, topic, partition, offset, e.eventId());
    } else if (event instanceof MessageEdited e) {
      var key = key(e.tenant(), e.conversationId(), e.messageId());
      if (!toIndex.containsKey(key)) {
        update(db, FTS_DELETE_BY_KEY, e.tenant(), e.conversationId(), e.messageId());
      }
      try (var rows = bind(db, SET_CONTENT_BY_KEY, e.content(), at, e.eventId(), offset, e.tenant(),
          e.conversationId(), e.messageId()).executeQuery()) {
        if (rows.next()) {
          toIndex.put(key, rows.getLong(1));
        }
      }
    } else if (event instanceof MessageRedacted e) {
      if (toIndex.remove(key(e.tenant(), e.conversationId(), e.messageId())) == null) {
        update(db, FTS_DELETE_BY_KEY, e.tenant(), e.conversationId(), e.messageId());
      }
      update(db, REDACT_BY_KEY, at, e.eventId(), e.tenant(), e.conversationId(), e.messageId());
    } else if (event instanceof ConversationForgotten e) {
      indexPending(db);
      update(db, PROJECTION.get("fts-delete-conversation"), e.tenant(), e.conversationId());
      for (var name : List.of("delete-messages-of-conversation", "delete-versions-of-conversation",
          "delete-mentions-of-conversation", "delete-conversation")) {
        update(db, PROJECTION.get(name), e.tenant(), e.conversationId());
      }
    } else if (event instanceof EntityUpserted e) {
      update(db, PROJECTION.get("upsert-entity"), e.tenant(), e.entityId(), e.entityType(), e.name(),
          json(e.attributes()), at, e.eventId(), topic, partition, offset, e.eventId());
    } else if (event instanceof RelationAsserted e) {
      update(db, PROJECTION.get("upsert-relation"), e.tenant(), e.fromEntityId(), e.relationType(),
          e.toEntityId(), e.strength(), at, e.eventId(), topic, partition, offset, e.eventId());
    } else if (event instanceof EntityMentioned e) {
      update(db, PROJECTION.get("insert-mention"), e.tenant(), e.entityId(), e.conversationId(), e.messageId(), at,
          topic, partition, offset, e.eventId());
    } else if (event instanceof EntityForgotten e) {
      for (var name : List.of("delete-entity", "delete-relations-of-entity", "delete-mentions-of-entity")) {
        update(db, PROJECTION.get(name), e.tenant(), e.entityId());
      }
    }
  }

  private void indexPending(Connection db) throws SQLException {
    for (long id : new java.util.TreeSet<>(toIndex.values())) {
      update(db, PROJECTION.get("fts-insert"), id);
    }
    toIndex.clear();
  }

  private static String key(String tenant, String conversationId, String messageId) {
    return tenant + '\u0000' + conversationId + '\u0000' + messageId;
  }

  private void commit(Connection db, long[] offsets) throws SQLException {
    indexPending(db);
    for (int partition = 0; partition < partitions; partition++) {
      if (offsets[partition] > 0) {
        update(db, PROJECTION.get("record-offset"), MemlogTopics.EVENTS, partition, offsets[partition] - 1, null);
      }
    }
    db.commit();
  }

  private PreparedStatement bind(Connection db, String sql, Object... params) throws SQLException {
    var statement = statements.get(sql);
    if (statement == null) {
      statement = db.prepareStatement(sql);
      statements.put(sql, statement);
    }
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }

  private void update(Connection db, String sql, Object... params) throws SQLException {
    bind(db, sql, params).executeUpdate();
  }

  private static String json(Map<String, String> attributes) {
    try {
      return EventCodec.mapper().writeValueAsString(new TreeMap<>(attributes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write attributes", e);
    }
  }
}
