package dev.memlog.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request, in the {@code errors} of a problem: the same shape for a query parameter and for a
 * field of an event sent to the ingest.
 *
 * @param field a request parameter or header ({@code limit}, {@code Idempotency-Key}), or a JSON path in an event
 *     ({@code $.role}; {@code $} for the event as a whole)
 * @param message what is wrong there
 * @param index the event's position in the request body (0 for a single event); null outside the ingest
 * @param reason why the event was refused, as a dead letter would say it (SCHEMA_VIOLATION, ...); null outside the
 *     ingest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemError(String field, String message, Integer index, String reason) {

  /** A wrong request parameter or header. */
  static ProblemError parameter(String name, String message) {
    return new ProblemError(name, message, null, null);
  }
}
