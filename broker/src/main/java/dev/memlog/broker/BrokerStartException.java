package dev.memlog.broker;

/** Thrown when an {@link EmbeddedKafkaBroker} cannot start; the message says why. */
public final class BrokerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BrokerStartException(String message) {
    super(message);
  }

  BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
