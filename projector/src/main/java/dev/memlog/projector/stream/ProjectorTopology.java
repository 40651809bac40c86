package dev.memlog.projector.stream;

import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.sqlite.ProjectionWriter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * project into SQLite and the RocksDB stores. The RocksDB stores have no changelog: they are a cache of SQLite,
 * recomputed from it when a task starts (see {@link ProjectProcessor}).
 */
public final class ProjectorTopology {

  private static final String SOURCE = "events";
  private static final String DECODE = "decode";

  private ProjectorTopology() {}

  /** The topology for events in plain text only: a sealed event is dead-lettered, there are no keys. */
  public static Topology build(ProjectorSettings settings, ProjectionWriter writer, MeterRegistry meters) {
    return build(settings, SubjectKeys.NONE, writer, meters);
  }

  /** The topology, opening sealed events with {@code keys} and shredding a subject's keys when it is forgotten. */
  public static Topology build(ProjectorSettings settings, SubjectKeys keys, ProjectionWriter writer,
      MeterRegistry meters) {
    var topology = new Topology();
    topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.eventsTopic());
    topology.addProcessor(DECODE, () -> new DecodeProcessor(settings, keys, writer, meters), SOURCE);
    topology.addProcessor(ProjectProcessor.NAME, () -> new ProjectProcessor(settings.eventsTopic(), writer, keys,
        meters), DECODE);
    topology.addSink(DecodeProcessor.REROUTE_SINK, settings.eventsTopic(), new ByteArraySerializer(),
        new ByteArraySerializer(), keyPartitioner(), DECODE);
    topology.addSink(DeadLetters.SINK, settings.deadLetterTopic(), new ByteArraySerializer(),
        new ByteArraySerializer(), DECODE, ProjectProcessor.NAME);
    topology.addStateStore(SqliteReadModelStore.builder(writer), ProjectProcessor.NAME);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.CONVERSATION_SUMMARIES), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled(), ProjectProcessor.NAME);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.ENTITIES), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled(), ProjectProcessor.NAME);
    return topology;
  }

  /** Java's default partitioning of the key bytes, whatever partitioner first wrote the record. */
  private static StreamPartitioner<byte[], byte[]> keyPartitioner() {
    return (topic, key, value, partitions) -> Optional.of(Set.of(MemlogTopics.partitionFor(key, partitions)));
  }
}
