package dev.memlog.api;

/** A request the API refuses, with the HTTP status and problem type to answer with. */
final class ApiException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;

  ApiException(int status, String type, String title, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
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
}
