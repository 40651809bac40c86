package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.view.EntityView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/** Hot lookups read the RocksDB views, except while a starting task is still recomputing them. */
class HotStoreReaderTest {

  private static final EventKey KETTLE = EventKey.entity("acme", "kettle-1");
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void shouldAnswerFromTheShardWhileThePartitionsViewsAreWarmingAndFromRocksDbOnceTheyAreWarm() throws Exception {
    var shards = new LocalShards(1);
    shards.opened(0, new LocalShards.Shard(0, Path.of("memlog.db"), Map::of, (topic, offsets, timeout) -> false,
        () -> null, key -> key.equals(KETTLE)
            ? Optional.of(new EntityView("acme", "kettle-1", "product", "Red kettle", Map.of(), AT))
            : Optional.empty()));
    shards.serving(0);
    var stale = new EntityView("acme", "kettle-1", "product", "a name SQLite never committed", Map.of(), AT);
    var rocksDb = store(KETTLE.text(), EventCodec.mapper().writeValueAsBytes(stale));
    var reader = new HotStoreReader(name -> rocksDb, new SealedViews(SubjectKeys.NONE), new SimpleMeterRegistry(),
        shards, RemoteViews.NONE);

    shards.viewsWarming(0);

    assertThat(reader.entity("acme", "kettle-1")).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("Red kettle"));
    assertThat(new String(reader.localStored(StoreNames.ENTITIES, KETTLE), StandardCharsets.UTF_8))
        .contains("Red kettle");

    shards.viewsWarm(0);

    assertThat(reader.entity("acme", "kettle-1")).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo(stale.name()));
    assertThat(shards.warmingViews(0)).isFalse();
  }

  /** A store that holds one value. */
  private static ReadOnlyKeyValueStore<String, byte[]> store(String key, byte[] value) {
    return new ReadOnlyKeyValueStore<>() {
      @Override
      public byte[] get(String k) {
        return key.equals(k) ? value : null;
      }

      @Override
      public KeyValueIterator<String, byte[]> range(String from, String to) {
        throw new UnsupportedOperationException();
      }

      @Override
      public KeyValueIterator<String, byte[]> all() {
        throw new UnsupportedOperationException();
      }

      @Override
      public long approximateNumEntries() {
        return 1;
      }
    };
  }
}
