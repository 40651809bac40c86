package dev.memlog.ingest.event;

/**
 * An event that cannot be accepted: not UTF-8, not JSON, of an unknown type, too large, or breaking its schema.
 * The message names the offending field where there is one.
 */
public final class InvalidEventException extends RuntimeException {

  /** Why an event was refused; written in the {@code memlog.dlq.reason} header of a dead letter. */
  public enum Reason {
    EMPTY,
    TOO_LARGE,
    NOT_UTF8,
    NOT_JSON,
    UNKNOWN_TYPE,
    SCHEMA_VIOLATION,
    /** A sealed event whose envelope is malformed or whose ciphertext fails authentication (tampered, moved). */
    BAD_SEAL,
    /** A record whose key names another tenant, conversation or entity than its event. */
    KEY_MISMATCH,
    /**
     * A sealed event whose data key the keys topic has never held (no key, no tombstone): written before its key
     * by a broken writer, or forged. A shredded key is not unknown: its content is gone, the event is folded
     * without it.
     */
    UNKNOWN_KEY
  }

  /**
   * One thing wrong with an event.
   *
   * @param field where: a JSON path in the event, such as {@code $.role}, or {@code $} for the event as a whole
   * @param message what is wrong there
   */
  public record Violation(String field, String message) {}

  private final Reason reason;
  private final java.util.List<Violation> violations;

  /** An event refused as a whole ({@code $}), for {@code message}. */
  public InvalidEventException(Reason reason, String message) {
    this(reason, message, java.util.List.of(new Violation("$", message)));
  }

  /** An event refused for each of {@code violations}, which {@code message} sums up. */
  public InvalidEventException(Reason reason, String message, java.util.List<Violation> violations) {
    super(message);
    this.reason = reason;
    this.violations = java.util.List.copyOf(violations);
  }

  /** The category of the problem, never null. */
  public Reason reason() {
    return reason;
  }

  /** Every field found wrong, at least one, never null. */
  public java.util.List<Violation> violations() {
    return violations;
  }
}
