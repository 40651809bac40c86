package dev.memlog.projector.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.memlog.ingest.event.Attachment;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.view.MessageView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads a message from a row of (message_id, role, agent_id, content, occurred_at, redacted, token_count,
 * attachments).
 */
public final class MessageRows {

  private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() {};

  private MessageRows() {}

  public static MessageView read(ResultSet rows) throws SQLException {
    long micros = rows.getLong(5);
    var occurredAt = rows.wasNull() ? null : Micros.toInstant(micros);
    int tokens = rows.getInt(7);
    var tokenCount = rows.wasNull() ? null : tokens;
    return new MessageView(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), occurredAt,
        rows.getInt(6) != 0, tokenCount, attachments(rows.getString(8)));
  }

  /** The attachments as stored: a JSON array, or null for none. */
  public static String json(List<Attachment> attachments) {
    if (attachments.isEmpty()) {
      return null;
    }
    try {
      return EventCodec.mapper().writeValueAsString(attachments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write attachments", e);
    }
  }

  private static List<Attachment> attachments(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return EventCodec.mapper().readValue(json, ATTACHMENTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored attachments are not JSON: " + json, e);
    }
  }
}
