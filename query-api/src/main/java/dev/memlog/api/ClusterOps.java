package dev.memlog.api;

import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.read.RowsAnswer;
import java.time.Duration;
import java.util.List;

/**
 * What the other nodes of a memory ask of this one, over the internal routes: reads of the shards and hot views
 * this node serves. A request that reaches them is never forwarded again: a shard this node does not serve is a
 * 503, whoever else serves it.
 */
public interface ClusterOps {

  /** The header that carries the cluster's shared token on internal requests. */
  String TOKEN_HEADER = "X-Memlog-Cluster-Token";

  /** The header of an internal view answer that carries the applied offset of the shard it came from. */
  String APPLIED_HEADER = "X-Memlog-Applied-Offset";

  /** Whether {@code token} is this cluster's. */
  boolean trusts(String token);

  /**
   * Runs a named read statement on the shard of {@code partition} here: the one this node serves, or with
   * {@code standby}, a standby shard too (the answer says how far it is).
   *
   * @throws IllegalArgumentException if there is no read statement of that name
   * @throws dev.memlog.projector.read.ReadUnavailableException if this node has no such shard now
   */
  RowsAnswer query(int partition, String statement, List<Object> params, boolean standby);

  /**
   * The content checksum of the shard of {@code partition} this node serves.
   *
   * @throws dev.memlog.projector.read.ReadUnavailableException if this node does not serve the partition now
   */
  Checksum checksum(int partition);

  /** Waits until the shard of {@code partition} here has applied {@code offset}; whether it did in time. */
  boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException;

  /**
   * The hot view of a key whose partition this node serves, or with {@code standby}, the view computed from a
   * standby shard here.
   *
   * @throws IllegalArgumentException if there is no such store or the key is not a conversation or entity key
   * @throws dev.memlog.projector.read.ReadUnavailableException if this node has no such shard now
   */
  View view(String store, String key, boolean standby);

  /**
   * A hot view as a shard gave it.
   *
   * @param value its stored bytes, null if there is none
   * @param appliedOffset the last offset the shard had applied
   */
  record View(byte[] value, long appliedOffset) {}
}
