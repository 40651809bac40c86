package dev.memlog.node;

import dev.memlog.api.admin.AdminOps;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.deadletter.DeadLetter;
import dev.memlog.projector.deadletter.DeadLetterTopic;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.SqliteDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's answers to the admin routes. A partition rebuild stops the projector (leaving the group), deletes
 * the partition's rows, moves the group's offset of the partition back to its first record and starts the
 * projector again; the HTTP API keeps serving, and says that the partition is rebuilding until its replay
 * reaches the end offset it had when the rebuild started.
 */
final class NodeAdmin implements AdminOps {

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeAdmin.class);
  private static final long EMPTY_GROUP_TIMEOUT_MS = 15_000;

  private final NodeConfig config;
  private final int partitions;
  private final Admin admin;
  private final SqliteDatabase database;
  private final ProjectionWriter writer;
  private final Projector projector;
  private final Rebuilds rebuilds;
  private final DeadLetterTopic deadLetters;

  NodeAdmin(NodeConfig config, int partitions, Admin admin, SqliteDatabase database, ProjectionWriter writer,
      Projector projector, Rebuilds rebuilds, Map<String, Object> kafka) {
    this.config = config;
    this.partitions = partitions;
    this.admin = admin;
    this.database = database;
    this.writer = writer;
    this.projector = projector;
    this.rebuilds = rebuilds;
    this.deadLetters = new DeadLetterTopic(kafka, config.deadLetterTopic());
  }

  @Override
  public Checksum checksum() {
    return ReadModelChecksum.of(database);
  }

  @Override
  public synchronized PartitionRebuild rebuildPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition must be between 0 and " + (partitions - 1) + ", got " + partition);
    }
    if (rebuilds.rebuilding(partition)) {
      throw new IllegalStateException("partition " + partition + " is being rebuilt already");
    }
    var topicPartition = new TopicPartition(config.eventsTopic(), partition);
    long end = offset(topicPartition, OffsetSpec.latest());
    long[] dropped = {0};
    LOGGER.atInfo().addKeyValue("partition", partition).addKeyValue("endOffset", end).log("rebuilding partition");
    projector.restart(() -> {
      awaitEmptyGroup();
      dropped[0] = writer.dropPartition(config.eventsTopic(), partition);
      alter(topicPartition, offset(topicPartition, OffsetSpec.earliest()));
      rebuilds.track(Map.of(partition, end));
    });
    return new PartitionRebuild(partition, end, dropped[0]);
  }

  @Override
  public List<DeadLetter> deadLetters(int limit, String reason) {
    return deadLetters.list(limit, reason);
  }

  private long offset(TopicPartition partition, OffsetSpec spec) {
    return call(() -> admin.listOffsets(Map.of(partition, spec),
        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS).get(partition)
        .offset());
  }

  private void alter(TopicPartition partition, long offset) {
    call(() -> admin.alterConsumerGroupOffsets(config.applicationId(), Map.of(partition,
        new OffsetAndMetadata(offset))).all().get(30, TimeUnit.SECONDS));
  }

  /** Offsets of a group change only while it has no member: other nodes of the group must be stopped. */
  private void awaitEmptyGroup() {
    long deadline = System.currentTimeMillis() + EMPTY_GROUP_TIMEOUT_MS;
    while (true) {
      int members = call(() -> admin.describeConsumerGroups(List.of(config.applicationId())).all()
          .get(30, TimeUnit.SECONDS).get(config.applicationId()).members().size());
      if (members == 0) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the projector group " + config.applicationId() + " still has " + members
            + " member(s) of other nodes; a partition can be rebuilt only on a node that runs alone");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the group to empty", e);
      }
    }
  }

  private static <T> T call(KafkaCall<T> call) {
    try {
      return call.run();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka admin call failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling Kafka", e);
    }
  }

  @FunctionalInterface
  private interface KafkaCall<T> {
    T run() throws ExecutionException, TimeoutException, InterruptedException;
  }
}
