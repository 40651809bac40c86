package dev.memlog.ingest.event;

/** The keys topic could not be read far enough to tell whether a data key exists; retry, never treat as gone. */
public final class KeysUnavailableException extends RuntimeException {

  public KeysUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
