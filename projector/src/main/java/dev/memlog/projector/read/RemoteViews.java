package dev.memlog.projector.read;

import dev.memlog.ingest.event.EventKey;

/** Reads a hot view (its stored, sealed bytes) on the node that serves the key's partition. */
@FunctionalInterface
public interface RemoteViews {

  /** No other node: a view whose partition is not served here cannot be read now. */
  RemoteViews NONE = (store, key) -> {
    throw new ReadUnavailableException("the partition of " + key + " is not served by this node now");
  };

  /**
   * The stored bytes of the view of {@code key} in {@code store}, from the node that serves its partition; null
   * if it has none.
   *
   * @throws ReadUnavailableException if no node can answer now
   */
  byte[] get(String store, EventKey key);
}
