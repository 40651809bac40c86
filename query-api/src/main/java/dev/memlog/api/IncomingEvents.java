package dev.memlog.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.ingest.event.JsonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the events of an ingest request: one object or an array. Fills in what a runtime that is not Java may leave
 * out (the path's {@code tenant}; {@code occurredAt}, the time of receipt; {@code eventId}, derived from the
 * request's Idempotency-Key and the event's position, so a retried request writes the same ids), then validates
 * every event and refuses the request with every wrong field of every event, by index.
 */
final class IncomingEvents {

  static final int MAX_EVENTS = 1_000;
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Pattern SANE_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

  private final EventCodec codec = new EventCodec();
  private final Clock clock;

  IncomingEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * The events of {@code body}, each of {@code tenant}.
   *
   * @param idempotencyKey the request's Idempotency-Key, null without one
   * @throws ApiException 400 listing every wrong field, by event index, when any event is not valid
   */
  List<EventCodec.Validated> read(byte[] body, String tenant, String idempotencyKey) {
    if (idempotencyKey != null && !SANE_KEY.matcher(idempotencyKey).matches()) {
      throw new ApiException(400, "bad-request", "Bad request", "the Idempotency-Key is not valid", List.of(
          ProblemError.parameter(IDEMPOTENCY_KEY, "must be 1-200 printable ASCII characters without spaces")));
    }
    var nodes = nodes(body);
    var receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS).toString();
    var events = new ArrayList<EventCodec.Validated>();
    var errors = new ArrayList<ProblemError>();
    for (int i = 0; i < nodes.size(); i++) {
      var node = nodes.get(i);
      if (!node.isObject()) {
        errors.add(new ProblemError("$", "an event must be a JSON object", i, "NOT_JSON"));
        continue;
      }
      var event = (ObjectNode) node;
      if (event.hasNonNull("tenant") && !event.path("tenant").asText().equals(tenant)) {
        errors.add(new ProblemError("$.tenant", "the event belongs to tenant '" + Params.abbreviate(event.path(
            "tenant").asText()) + "', not to the path's '" + tenant + "'", i, "SCHEMA_VIOLATION"));
      }
      complete(event, tenant, receivedAt, idempotencyKey, i);
      decode(event, i, events, errors);
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, "invalid-event", "Invalid event", summary(errors, nodes.size()), errors);
    }
    return events;
  }

  /** How many events are wrong, and the first few errors, for people; {@code errors} lists them all. */
  private static String summary(List<ProblemError> errors, int events) {
    var first = errors.stream().limit(3).map(e -> "event " + e.index() + ": " + e.field() + ": " + e.message())
        .toList();
    return errors.stream().map(ProblemError::index).distinct().count() + " of " + events + " events are not valid, "
        + "nothing was published: " + String.join("; ", first) + (errors.size() > first.size() ? "; …" : "");
  }

  private static void complete(ObjectNode event, String tenant, String receivedAt, String idempotencyKey,
      int index) {
    if (!event.has("tenant")) {
      event.put("tenant", tenant);
    }
    if (!event.has("occurredAt")) {
      event.put("occurredAt", receivedAt);
    }
    if (!event.has("eventId") && idempotencyKey != null) {
      event.put("eventId", idempotencyKey + "#" + index);
    }
  }

  private void decode(ObjectNode event, int index, List<EventCodec.Validated> events, List<ProblemError> errors) {
    try {
      events.add(codec.read(event));
    } catch (InvalidEventException e) {
      e.violations().forEach(v -> errors.add(new ProblemError(v.field(), v.message(), index, e.reason().name())));
    }
  }

  private static List<JsonNode> nodes(byte[] body) {
    JsonNode tree;
    try {
      tree = EventCodec.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + JsonErrors.describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a body held in memory", e);
    }
    if (tree == null || !(tree.isObject() || tree.isArray())) {
      throw ApiException.badRequest("the body must be an event object or an array of events");
    }
    var nodes = new ArrayList<JsonNode>();
    if (tree.isArray()) {
      tree.forEach(nodes::add);
    } else {
      nodes.add(tree);
    }
    if (nodes.isEmpty() || nodes.size() > MAX_EVENTS) {
      throw ApiException.badRequest("send between 1 and " + MAX_EVENTS + " events, got " + nodes.size());
    }
    return nodes;
  }
}
