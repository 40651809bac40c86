package dev.memlog.node;

import dev.memlog.api.admin.AdminOps;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.deadletter.DeadLetter;
import dev.memlog.projector.deadletter.DeadLetterTopic;
import dev.memlog.cluster.Peers;
import dev.memlog.projector.read.LocalShards;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's answers to the admin routes. A partition rebuild stops the projector (leaving the group), deletes
 * the partition's shard and starts the projector again: Kafka Streams restores the shard from the events topic up
 * to the group's committed offset, then processing goes on from there. The HTTP API keeps serving, and says that
 * the partition is rebuilding until its replay reaches the end offset it had when the rebuild started.
 */
final class NodeAdmin implements AdminOps {

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeAdmin.class);

  private final NodeConfig config;
  private final int partitions;
  private final Admin admin;
  private final LocalShards shards;
  private final Peers peers;
  private final Projector projector;
  private final Rebuilds rebuilds;
  private final DeadLetterTopic deadLetters;

  NodeAdmin(NodeConfig config, int partitions, Admin admin, LocalShards shards, Peers peers, Projector projector,
      Rebuilds rebuilds, Map<String, Object> kafka) {
    this.peers = peers;
    this.config = config;
    this.partitions = partitions;
    this.admin = admin;
    this.shards = shards;
    this.projector = projector;
    this.rebuilds = rebuilds;
    this.deadLetters = new DeadLetterTopic(kafka, config.deadLetterTopic());
  }

  /**
   * The checksum of the whole memory: the shards this node serves, and the per-partition checksums of the others
   * from the nodes that serve them.
   *
   * @throws dev.memlog.projector.read.ReadUnavailableException if a partition's owner cannot answer now
   */
  @Override
  public Checksum checksum() {
    var local = shards.files();
    var parts = new ArrayList<Checksum>();
    parts.add(ReadModelChecksum.of(local.values()));
    for (int partition = 0; partition < partitions; partition++) {
      if (!local.containsKey(partition)) {
        parts.add(peers.checksum(partition));
      }
    }
    return ReadModelChecksum.combine(parts);
  }

  @Override
  public synchronized PartitionRebuild rebuildPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition must be between 0 and " + (partitions - 1) + ", got " + partition);
    }
    if (rebuilds.rebuilding(partition)) {
      throw new IllegalStateException("partition " + partition + " is being rebuilt already");
    }
    var file = shards.files().get(partition);
    if (file == null) {
      throw new IllegalStateException("partition " + partition + " is not served by this node now; rebuild it on "
          + "the node that serves it");
    }
    var topicPartition = new TopicPartition(config.eventsTopic(), partition);
    long end = offset(topicPartition, OffsetSpec.latest());
    long rows = ReadModelChecksum.rowCount(file);
    LOGGER.atInfo().addKeyValue("partition", partition).addKeyValue("endOffset", end).log("rebuilding partition");
    projector.restart(() -> {
      DataDirs.deleteTree(file.getParent());
      rebuilds.track(Map.of(partition, end));
    });
    return new PartitionRebuild(partition, end, rows);
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
