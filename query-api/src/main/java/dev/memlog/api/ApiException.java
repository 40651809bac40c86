package dev.memlog.api;

/** A request the API refuses, with the HTTP status and problem type to answer with. */
final class ApiException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final java.util.List<ProblemError> errors;

  ApiException(int status, String type, String title, String detail) {
    this(status, type, title, detail, null);
  }

  /** A refusal that lists what is wrong, field by field ({@code errors}, null for none). */
  ApiException(int status, String type, String title, String detail, java.util.List<ProblemError> errors) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = errors == null ? null : java.util.List.copyOf(errors);
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not-found", "Not found", what + " not found");
  }

  static ApiException badRequest(String detail) {
    return new ApiException(400, "bad-request", "Bad request", detail);
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String title() {
    return title;
  }

  java.util.List<ProblemError> errors() {
    return errors;
  }
}
