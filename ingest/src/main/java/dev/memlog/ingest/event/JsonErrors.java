package dev.memlog.ingest.event;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Describes a JSON parse failure for people: Jackson's own message without its internals (the source description
 * and the name of the feature that would include it), and where in the text it failed.
 */
public final class JsonErrors {

  private JsonErrors() {}

  /**
   * The failure's message and position, e.g. {@code Duplicate field 'tenant' (line 1, column 52)}.
   *
   * @param e the failure, not null
   * @return a one-line description that never holds the parsed text or Jackson's configuration
   */
  public static String describe(JsonProcessingException e) {
    var message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
    var location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return message;
    }
    return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
