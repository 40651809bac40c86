package dev.memlog.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.memlog.ingest.event.EventCodec;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach the API (a path with {@code %00}, a malformed request line)
 * with a problem+json body like every other error, instead of Jetty's HTML page.
 */
final class JettyProblems extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    var requestId = UUID.randomUUID().toString();
    var body = problem(code, message, request.getHttpURI().getPath(), requestId);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    response.getHeaders().put(RequestIds.HEADER, requestId);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    var requestId = UUID.randomUUID().toString();
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    fields.put(RequestIds.HEADER, requestId);
    return ByteBuffer.wrap(problem(status, reason, null, requestId));
  }

  private static byte[] problem(int status, String message, String path, String requestId) {
    var title = HttpStatus.getMessage(status);
    var detail = message == null || message.isBlank() ? "the request was refused before it reached the API"
        : "the request was refused before it reached the API: " + message;
    try {
      return EventCodec.mapper().writeValueAsBytes(new Problem("urn:memlog:problem:"
          + title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, status, detail, path,
          requestId, null));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
