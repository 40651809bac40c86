package dev.memlog.projector.read;

/** Runs the named read statements of {@code reads.sql} on one shard: on this node, or on the node that serves it. */
public interface ShardReads {

  /**
   * Runs the named statement with {@code params} bound in order and reads its rows.
   *
   * @throws ReadUnavailableException if the shard cannot be read now
   */
  <T> T query(String name, RowsReader<T> reader, Object... params);
}
