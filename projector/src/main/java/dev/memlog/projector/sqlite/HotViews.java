package dev.memlog.projector.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.view.ConversationSummary;
import dev.memlog.projector.view.EntityView;
import dev.memlog.projector.view.MessageView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/** Reads the views the RocksDB stores serve, from SQLite, so they are a pure function of the SQLite rows. */
final class HotViews {

  private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};

  private final PreparedStatements sql;
  private final int summaryMessages;

  HotViews(PreparedStatements sql, int summaryMessages) {
    this.sql = sql;
    this.summaryMessages = summaryMessages;
  }

  Optional<ConversationSummary> summary(String tenant, String conversationId) throws SQLException {
    var latest = new ArrayList<MessageView>();
    try (var rows = sql.bind("latest-messages", tenant, conversationId, summaryMessages).executeQuery()) {
      while (rows.next()) {
        latest.add(MessageRows.read(rows));
      }
    }
    try (var rows = sql.bind("conversation", tenant, conversationId).executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(new ConversationSummary(tenant, conversationId, rows.getString(1), rows.getString(2),
          rows.getString(3), instant(rows, 4), rows.getLong(5), instant(rows, 6), latest));
    }
  }

  Optional<EntityView> entity(String tenant, String entityId) throws SQLException {
    try (var rows = sql.bind("entity", tenant, entityId).executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(new EntityView(tenant, entityId, rows.getString(1), rows.getString(2),
          attributes(rows.getString(3)), instant(rows, 4)));
    }
  }

  static Map<String, String> attributes(String json) {
    try {
      return EventCodec.mapper().readValue(json, ATTRIBUTES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored attributes are not JSON: " + json, e);
    }
  }

  private static java.time.Instant instant(ResultSet rows, int column) throws SQLException {
    long micros = rows.getLong(column);
    return rows.wasNull() ? null : Micros.toInstant(micros);
  }
}
