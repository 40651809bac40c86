package dev.memlog.ingest.client;

/** A data key could not be written to the keys topic, so the event it was created for was not sent. */
public final class KeyNotWrittenException extends RuntimeException {

  public KeyNotWrittenException(String message, Throwable cause) {
    super(message, cause);
  }
}
