package dev.memlog.projector.read;

/** A read model cannot answer right now (starting, rebalancing, rebuilding); the caller should retry. */
public final class ReadUnavailableException extends RuntimeException {
  public ReadUnavailableException(String message) {
    super(message);
  }


  public ReadUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
