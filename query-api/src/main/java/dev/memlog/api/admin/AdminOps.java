package dev.memlog.api.admin;

import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.deadletter.DeadLetter;
import java.util.List;

/** What the admin routes ask of the node. */
public interface AdminOps {

  /** The content checksum of the node's read model. */
  Checksum checksum();

  /**
   * Drops one partition's projection and replays it from offset 0 while the API keeps serving.
   *
   * @throws IllegalArgumentException if the partition does not exist
   * @throws IllegalStateException if a rebuild of it runs already, or other nodes hold the projector group
   */
  PartitionRebuild rebuildPartition(int partition);

  /** The latest {@code limit} dead letters, oldest first; {@code reason} null for any. */
  List<DeadLetter> deadLetters(int limit, String reason);

  /**
   * A partition rebuild that started.
   *
   * @param partition the partition of the events topic
   * @param endOffset its end offset when the rebuild started: the rebuild is done once it is replayed to there
   * @param rowsDropped read-model rows deleted before the replay
   */
  record PartitionRebuild(int partition, long endOffset, long rowsDropped) {}
}
