package dev.memlog.projector.stream;

import dev.memlog.projector.read.StoreNames;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.ingest.client.MemlogTopics;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The projector's topology: events topic → decode (dead letters, re-publishing to the key's partition) →
 * project into the partition's read-model shard ({@link ReadModelShard}) and its RocksDB views. The events topic
 * is the shard's changelog ({@link Topology#addReadOnlyStateStore}): a shard is restored, and kept warm on
 * standbys, from the events themselves, never from a copy. The RocksDB views have no changelog: they are a cache
 * of the shard, recomputed from it when a task starts (see {@link ProjectProcessor}).
 */
public final class ProjectorTopology {

  private static final String SOURCE = "events";
  private static final String DECODE = "decode";

  private ProjectorTopology() {}

  /** The topology of a node whose shards share {@code shared}. */
  public static Topology build(ShardContext shared) {
    var settings = shared.settings();
    var topology = new Topology();
    var deadLetters = new DeadLetterCounters(shared.meters());
    var eventAge = new EventAge(shared.meters(), shared.clock());
    var rerouted = DecodeProcessor.rerouted(shared.meters());
    ProjectionWriter.registerCounters(shared.meters());
    topology.addReadOnlyStateStore(new ShardBuilder(shared), SOURCE, new ByteArrayDeserializer(),
        new ByteArrayDeserializer(), settings.eventsTopic(), DECODE, () -> new DecodeProcessor(deadLetters, rerouted));
    topology.addProcessor(ProjectProcessor.NAME, () -> new ProjectProcessor(shared, deadLetters, eventAge), DECODE);
    topology.connectProcessorAndStateStores(ProjectProcessor.NAME, StoreNames.SQLITE);
    topology.addSink(DecodeProcessor.REROUTE_SINK, settings.eventsTopic(), new ByteArraySerializer(),
        new ByteArraySerializer(), keyPartitioner(), DECODE);
    topology.addSink(DecodeProcessor.SPREAD_SINK, settings.eventsTopic(), new ByteArraySerializer(),
        new ByteArraySerializer(), everyOtherPartition(), DECODE);
    topology.addSink(DeadLetters.SINK, settings.deadLetterTopic(), new ByteArraySerializer(),
        new ByteArraySerializer(), DECODE, ProjectProcessor.NAME);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.CONVERSATION_SUMMARIES), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled(), ProjectProcessor.NAME);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.ENTITIES), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled(), ProjectProcessor.NAME);
    return topology;
  }

  /** Every partition but the one Java's default partitioning gives the key bytes (none when there is one). */
  private static StreamPartitioner<byte[], byte[]> everyOtherPartition() {
    return (topic, key, value, partitions) -> {
      int home = MemlogTopics.partitionFor(key, partitions);
      return Optional.of(java.util.stream.IntStream.range(0, partitions).filter(p -> p != home).boxed()
          .collect(java.util.stream.Collectors.toSet()));
    };
  }

  /** Java's default partitioning of the key bytes, whatever partitioner first wrote the record. */
  private static StreamPartitioner<byte[], byte[]> keyPartitioner() {
    return (topic, key, value, partitions) -> Optional.of(Set.of(MemlogTopics.partitionFor(key, partitions)));
  }
}
