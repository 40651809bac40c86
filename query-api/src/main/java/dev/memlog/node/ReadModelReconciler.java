package dev.memlog.node;

import dev.memlog.projector.read.AppliedOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the projector resume where the SQLite read model is, not where Kafka last committed. The read model
 * commits before Kafka does, so it is never behind the committed offsets, unless it was deleted or replaced:
 * then the projector's consumer group is moved back so that the missing records are replayed. Runs before the
 * projector starts, while the group has no member.
 */
final class ReadModelReconciler {

  private static final Logger LOGGER = LoggerFactory.getLogger(ReadModelReconciler.class);

  private ReadModelReconciler() {}

  /** How long a member of a previous run may keep the group busy: Kafka's default session timeout, and some. */
  private static final long EMPTY_GROUP_TIMEOUT_MS = 60_000;

  static void rewindToReadModel(Admin admin, String groupId, String topic,
      Map<TopicPartition, AppliedOffset> applied) {
    try {
      var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
      var rewinds = new HashMap<TopicPartition, OffsetAndMetadata>();
      committed.forEach((partition, offset) -> {
        if (offset == null || !partition.topic().equals(topic)) {
          return;
        }
        var readModel = applied.get(partition);
        long next = readModel == null ? 0 : readModel.lastOffset() + 1;
        if (next < offset.offset()) {
          rewinds.put(partition, new OffsetAndMetadata(next));
        }
      });
      if (rewinds.isEmpty()) {
        return;
      }
      LOGGER.atWarn().addKeyValue("partitions", rewinds.keySet())
          .log("read model is behind the committed offsets; replaying the missing records");
      awaitEmptyGroup(admin, groupId);
      admin.alterConsumerGroupOffsets(groupId, rewinds).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reconcile the offsets of group " + groupId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reconciling offsets", e);
    }
  }

  /** Offsets can only be changed while the group has no member; a crashed run's member leaves when its session expires. */
  private static void awaitEmptyGroup(Admin admin, String groupId)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.currentTimeMillis() + EMPTY_GROUP_TIMEOUT_MS;
    while (true) {
      var group = admin.describeConsumerGroups(java.util.List.of(groupId)).describedGroups().get(groupId)
          .get(30, TimeUnit.SECONDS);
      if (group.members().isEmpty()) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the projector group " + groupId + " still has " + group.members().size()
            + " member(s) after " + EMPTY_GROUP_TIMEOUT_MS + " ms; stop the other nodes of this group first");
      }
      LOGGER.atInfo().addKeyValue("members", group.members().size())
          .log("waiting for the previous members of the projector group to leave");
      Thread.sleep(1_000);
    }
  }
}
