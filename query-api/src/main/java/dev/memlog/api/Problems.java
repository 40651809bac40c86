package dev.memlog.api;

import dev.memlog.projector.read.ReadUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to a problem+json answer, once, at the edge; no stack trace ever reaches a client. */
final class Problems {

  private static final Logger LOGGER = LoggerFactory.getLogger(Problems.class);
  private static final String ANSWERED = "memlog.problemAnswered";
  private static final String TYPE_BASE = "urn:memlog:problem:";

  private Problems() {}

  static void register(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e.status(), e.type(), e.title(), e.getMessage(),
        e.errors()));
    routes.exception(ValidationException.class, (e, ctx) -> {
      var errors = new ArrayList<ProblemError>();
      e.getErrors().forEach((field, list) -> list.forEach(v -> errors.add(ProblemError.parameter(field,
          v.getMessage()))));
      answer(ctx, 400, "invalid-parameter", "Invalid request parameter", "a request parameter is not valid", errors);
    });
    routes.exception(IllegalArgumentException.class, (e, ctx) -> answer(ctx, 400, "bad-request", "Bad request",
        e.getMessage(), null));
    routes.exception(ReadUnavailableException.class, (e, ctx) -> {
      ctx.header("Retry-After", "1");
      answer(ctx, 503, "unavailable", "Read model not ready", e.getMessage(), null);
    });
    routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
      var allowed = String.join(", ", e.getDetails().values());
      ctx.header(Header.ALLOW, allowed);
      answer(ctx, 405, "method-not-allowed", "Method not allowed", "method " + ctx.method() + " is not allowed on "
          + ctx.path() + "; allowed: " + allowed, null);
    });
    routes.exception(HttpResponseException.class, (e, ctx) -> {
      var status = HttpStatus.forStatus(e.getStatus());
      answer(ctx, e.getStatus(), status.getMessage().toLowerCase(Locale.ROOT).replace(' ', '-'),
          status.getMessage(), e.getMessage(), null);
    });
    routes.exception(Exception.class, (e, ctx) -> {
      LOGGER.atError().addKeyValue("requestId", RequestIds.of(ctx)).addKeyValue("path", ctx.path()).setCause(e)
          .log("request failed");
      answer(ctx, 500, "internal", "Internal error", "the request failed; see the node's log for request id "
          + RequestIds.of(ctx), null);
    });
    routes.error(404, "*", ctx -> {
      if (ctx.attribute(ANSWERED) == null) {
        answer(ctx, 404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path(), null);
      }
    });
  }

  private static void answer(Context ctx, int status, String type, String title, String detail,
      List<ProblemError> errors) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
    ctx.status(status);
    ctx.json(new Problem(TYPE_BASE + type, title, status, detail, ctx.path(), RequestIds.of(ctx), errors));
    ctx.contentType(Problem.CONTENT_TYPE);
  }
}
