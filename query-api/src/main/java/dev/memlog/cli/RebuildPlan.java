package dev.memlog.cli;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.node.DataDirs;
import dev.memlog.node.NodeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of a rebuild, before the projector starts: refuse while the projector group has members, delete
 * the read models (every shard), and take the end offsets the rebuild replays to. The group's committed offsets
 * stay: Kafka Streams restores each shard from the events topic up to them (the restore path, which re-sends no
 * dead letter and re-publishes no record), and processes the rest.
 *
 * @param endOffsets the end offset of each partition of the events topic when the rebuild started
 * @param records the records to replay: end minus first offset, summed over the partitions
 */
record RebuildPlan(Map<Integer, Long> endOffsets, long records) {

  private static final Logger LOGGER = LoggerFactory.getLogger(RebuildPlan.class);

  /** The rebuild cannot run: nodes of this memory are running. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  static RebuildPlan prepare(NodeConfig config) {
    var kafka = new HashMap<String, Object>(config.kafka());
    kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (var admin = Admin.create(kafka)) {
      var group = admin.describeConsumerGroups(List.of(config.applicationId())).all().get(30, TimeUnit.SECONDS)
          .get(config.applicationId());
      if (!group.members().isEmpty()) {
        throw new Refused("Refusing to rebuild: the projector group " + config.applicationId() + " has "
            + group.members().size() + " active member(s) (" + group.members().iterator().next().host()
            + " ...). Stop every node of this memory first.");
      }
      DataDirs.deleteTree(config.dataDir().resolve("read-model"));
      DataDirs.deleteTree(config.stateDir());
      LOGGER.atInfo().addKeyValue("dir", config.stateDir()).log("read model deleted");
      MemlogTopics.ensure(admin, Set.of(config.eventsTopic(), config.deadLetterTopic()), config.partitions(), 30_000);
      int partitions = MemlogTopics.partitionCount(admin, config.eventsTopic(), 30_000);
      var ends = offsets(admin, config.eventsTopic(), partitions, OffsetSpec.latest());
      var begins = offsets(admin, config.eventsTopic(), partitions, OffsetSpec.earliest());
      long records = ends.entrySet().stream().mapToLong(e -> e.getValue() - begins.get(e.getKey())).sum();
      return new RebuildPlan(ends, records);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot prepare the rebuild: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the rebuild", e);
    }
  }

  private static Map<Integer, Long> offsets(Admin admin, String topic, int partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    var request = new HashMap<TopicPartition, OffsetSpec>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), spec);
    }
    var offsets = new TreeMap<Integer, Long>();
    admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(30, TimeUnit.SECONDS).forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
    return offsets;
  }}
