package dev.memlog.ingest.client;

/**
 * Where an event was written.
 *
 * @param eventId the id of the published event
 * @param topic the topic it was written to
 * @param partition the partition it was written to
 * @param offset its offset in that partition
 */
public record PublishResult(String eventId, String topic, int partition, long offset) {

  /** The consistency token of this write: pass it to a query to read what was written. */
  public ConsistencyToken token() {
    return ConsistencyToken.of(java.util.List.of(this));
  }
}
