package dev.memlog.projector.read;

import dev.memlog.projector.view.ConversationSummary;
import dev.memlog.projector.view.EntityView;


import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.KeysUnavailableException;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.keys.SubjectKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Serves the hot lookups from the projector's RocksDB stores. */
public final class HotStoreReader {

  private static final ObjectMapper MAPPER = EventCodec.mapper();

  private final Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores;
  private final SealedViews views;
  private final MeterRegistry meters;
  private final LocalShards shards;
  private final RemoteViews remote;

  /** A reader of plain views of the stores {@code stores} finds by name (no keys: no view can be sealed). */
  public HotStoreReader(Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores, MeterRegistry meters) {
    this(stores, new SealedViews(SubjectKeys.NONE), meters);
  }

  /**
   * A reader of the stores {@code stores} finds by name, opening sealed views with {@code views}; each get is
   * timed in {@code memlog.store.rocksdb.get}.
   */
  public HotStoreReader(Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores, SealedViews views,
      MeterRegistry meters) {
    this(stores, views, meters, null, RemoteViews.NONE);
  }

  /**
   * A reader of the stores {@code stores} finds by name for the keys whose partition {@code shards} serves here,
   * and of {@code remote} for the others; sealed views are opened with {@code views} either way.
   */
  public HotStoreReader(Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores, SealedViews views,
      MeterRegistry meters, LocalShards shards, RemoteViews remote) {
    this.stores = stores;
    this.views = views;
    this.meters = meters;
    this.shards = shards;
    this.remote = remote;
  }

  /**
   * The stored bytes of a view whose partition this node serves (what a peer asks for); null if there is none.
   * While the partition's views are warming it is the view computed from the shard (plain JSON).
   *
   * @throws ReadUnavailableException if this node does not serve the key's partition now
   */
  public byte[] localStored(String storeName, EventKey key) {
    if (!StoreNames.CONVERSATION_SUMMARIES.equals(storeName) && !StoreNames.ENTITIES.equals(storeName)) {
      throw new IllegalArgumentException("no hot view store " + storeName);
    }
    int partition = shards.partitionOf(key);
    if (!shards.serves(partition)) {
      throw new ReadUnavailableException("partition " + partition + " is not served by this node now");
    }
    try {
      return local(storeName, key);
    } catch (InvalidStateStoreException e) {
      throw new ReadUnavailableException("store " + storeName + " is not ready: " + e.getMessage(), e);
    }
  }

  /**
   * A reader of the running projector's stores, through Kafka Streams interactive queries. Stores stay readable
   * while Kafka Streams rebalances ("stale stores"): their views are recomputed from SQLite, and every answer
   * says how fresh the partition it read is.
   */
  public static HotStoreReader of(KafkaStreams streams, MeterRegistry meters) {
    return new HotStoreReader(name -> streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore())
            .enableStaleStores()), meters);
  }

  /** A conversation's summary and latest messages; empty if the conversation is unknown or forgotten. */
  public Optional<ConversationSummary> summary(String tenant, String conversationId) {
    return get(StoreNames.CONVERSATION_SUMMARIES, EventKey.conversation(tenant, conversationId), ConversationSummary.class);
  }

  /** An entity; empty if it is unknown or forgotten. */
  public Optional<EntityView> entity(String tenant, String entityId) {
    return get(StoreNames.ENTITIES, EventKey.entity(tenant, entityId), EntityView.class);
  }

  private <T> Optional<T> get(String storeName, EventKey key, Class<T> type) {
    byte[] value;
    var sample = Timer.start();
    try {
      int partition = shards == null ? -1 : shards.partitionOf(key);
      if (shards != null && !shards.serves(partition)) {
        value = remote.get(storeName, key);
      } else {
        value = local(storeName, key);
        if (shards != null) {
          shards.noteServedHere(partition);
        }
      }
    } catch (InvalidStateStoreException e) {
      throw new ReadUnavailableException("store " + storeName + " is not ready: " + e.getMessage(), e);
    } finally {
      sample.stop(Timer.builder("memlog.store.rocksdb.get").description("time of one RocksDB store lookup")
          .tag("store", storeName).publishPercentileHistogram().register(meters));
    }
    if (value == null) {
      return Optional.empty();
    }
    Optional<byte[]> json;
    try {
      json = views.open(storeName, key.text(), value);
    } catch (KeysUnavailableException e) {
      throw new ReadUnavailableException("the key of " + key + " cannot be looked up now: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored value of " + key + " cannot be opened: " + e.getMessage(), e);
    }
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(json.get(), type));
    } catch (IOException e) {
      throw new UncheckedIOException("stored value of " + key + " cannot be read", e);
    }
  }

  /**
   * The view as this node holds it: computed from the shard while the partition's views are warming (the store may
   * lack it, or hold one SQLite never committed), else read from the store.
   */
  private byte[] local(String storeName, EventKey key) {
    return shards != null && shards.warmingViews(shards.partitionOf(key)) ? shards.standbyView(key)
        : stores.apply(storeName).get(key.text());
  }
}
