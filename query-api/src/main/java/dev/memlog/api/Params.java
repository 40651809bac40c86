package dev.memlog.api;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.projector.read.TimeWindow;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads and checks the path and query parameters every route shares; a bad value is a 400 naming it. */
final class Params {

  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_ID_LENGTH = 256;

  private Params() {}

  static String tenant(Context ctx) {
    var tenant = ctx.pathParam("tenant");
    if (!TENANT.matcher(tenant).matches()) {
      throw ApiException.badRequest("tenant must be 1-64 lower-case letters, digits, '_' or '-', got '"
          + abbreviate(tenant) + "'");
    }
    return tenant;
  }

  static String id(Context ctx, String name) {
    var id = ctx.pathParam(name);
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> c < 0x20)) {
      throw ApiException.badRequest(name + " must be 1-" + MAX_ID_LENGTH + " characters without control characters");
    }
    return id;
  }

  /** An integer query parameter in [min, max], or the fallback when absent. */
  static int integer(Context ctx, String name, int fallback, int min, int max) {
    if (ctx.queryParam(name) == null) {
      return fallback;
    }
    return ctx.queryParamAsClass(name, Integer.class)
        .check(v -> v >= min && v <= max, "must be between " + min + " and " + max)
        .get();
  }

  /** An optional ISO-8601 instant query parameter, e.g. {@code from=2026-11-02T00:00:00Z}. */
  static Instant instant(Context ctx, String name) {
    var text = ctx.queryParam(name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO-8601 time such as 2026-11-02T09:00:00Z, got '"
          + abbreviate(text) + "'");
    }
  }

  /** The {@code from} / {@code to} query parameters as a window (from inclusive, to exclusive). */
  static TimeWindow window(Context ctx) {
    return new TimeWindow(instant(ctx, "from"), instant(ctx, "to"));
  }

  /** An optional text query parameter of at most {@value #MAX_ID_LENGTH} characters. */
  static String optional(Context ctx, String name) {
    var value = ctx.queryParam(name);
    if (value != null && (value.isEmpty() || value.length() > MAX_ID_LENGTH)) {
      throw ApiException.badRequest(name + " must be 1-" + MAX_ID_LENGTH + " characters");
    }
    return value;
  }

  /** The partition of the events topic that a key belongs to. */
  static int partitionOf(EventKey key, int partitions) {
    return MemlogTopics.partitionFor(key.bytes(), partitions);
  }

  /**
   * The optional parameter {@code name} as one of {@code type}'s constants, by name in any case; {@code fallback}
   * when absent.
   *
   * @throws ApiException a 400 naming the allowed values if it is none of them
   */
  static <E extends Enum<E>> E choice(Context ctx, String name, Class<E> type, E fallback) {
    var value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    for (var constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    var allowed = Arrays.stream(type.getEnumConstants())
        .map(c -> "'" + c.name().toLowerCase(Locale.ROOT) + "'").toList();
    throw ApiException.badRequest(name + " must be " + String.join(" or ", allowed) + ", got '" + abbreviate(value)
        + "'");
  }

  static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
