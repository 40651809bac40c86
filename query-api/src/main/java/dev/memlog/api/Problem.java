package dev.memlog.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error answer in the RFC 9457 problem+json format.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param requestId the id of the request, also in the X-Request-Id header and the logs
 * @param errors each parameter or event field that was refused, when there are such
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String requestId,
    List<ProblemError> errors) {

  static final String CONTENT_TYPE = "application/problem+json";
}
