package dev.memlog.ingest.read;

import java.util.List;

/**
 * The node answered a read with an error: an RFC 9457 problem ({@code application/problem+json}), whose fields this
 * carries. An error answer that is not a problem (from a proxy, say) has its status and an empty type.
 */
public final class MemlogProblemException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final String detail;
  private final String requestId;
  private final List<FieldError> errors;

  /**
   * @param status the HTTP status
   * @param type the problem type, a URI; empty when the answer was not a problem
   * @param title the short summary of the kind of problem
   * @param detail what went wrong with this request; may be null
   * @param requestId the id of the request in the node's log; may be null
   * @param errors what each refused parameter or event field got wrong; empty when there is none
   */
  public MemlogProblemException(int status, String type, String title, String detail, String requestId,
      List<FieldError> errors) {
    super(status + " " + title + (detail == null ? "" : ": " + detail));
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.requestId = requestId;
    this.errors = List.copyOf(errors);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The problem type, e.g. {@code urn:memlog:problem:not-found}; empty when the answer was not a problem. */
  public String type() {
    return type;
  }

  /** The short summary of the kind of problem. */
  public String title() {
    return title;
  }

  /** What went wrong with this request; may be null. */
  public String detail() {
    return detail;
  }

  /** The id of the request, also in the node's log; may be null. */
  public String requestId() {
    return requestId;
  }

  /** What each refused parameter or event field got wrong; empty when there is none. */
  public List<FieldError> errors() {
    return errors;
  }

  /**
   * One thing a refused request got wrong.
   *
   * @param field the parameter, or the JSON path in an event
   * @param message what is wrong with it
   * @param index the event's position in the body sent, for events; null otherwise
   * @param reason the kind of fault of an event ({@code SCHEMA_VIOLATION}, ...); null otherwise
   */
  public record FieldError(String field, String message, Integer index, String reason) {}
}
