package dev.memlog.api;

/**
 * How much of the node one kind of request may take.
 *
 * @param threads the threads that serve requests (reads, and the first steps of every other request)
 * @param waitingReads reads with a consistency token that may wait for their offsets at once, on threads of their
 *     own; one more is refused with 503
 * @param ingestSends HTTP ingest requests that may wait for Kafka at once, on threads of their own; one more is
 *     refused with 503
 */
public record HttpLimits(int threads, int waitingReads, int ingestSends) {

  /** 200 request threads, 64 waiting reads, 16 ingest requests waiting for Kafka. */
  public static final HttpLimits DEFAULTS = new HttpLimits(200, 64, 16);

  public HttpLimits {
    if (threads < 16 || waitingReads < 1 || ingestSends < 1) {
      throw new IllegalArgumentException("HTTP limits must be at least 16 threads, 1 waiting read and 1 ingest "
          + "send, got " + threads + ", " + waitingReads + ", " + ingestSends);
    }
  }
}
