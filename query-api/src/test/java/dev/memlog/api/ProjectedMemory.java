package dev.memlog.api;

import dev.memlog.api.auth.ApiKeys;
import dev.memlog.freshness.Freshness;
import dev.memlog.freshness.FreshnessView;
import dev.memlog.freshness.PartitionFreshness;
import dev.memlog.ingest.client.PublishResult;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.projector.failure.StuckRecords;
import dev.memlog.projector.read.GraphReader;
import dev.memlog.projector.read.HotStoreReader;
import dev.memlog.projector.read.MemoryReader;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.sqlite.WriterSettings;
import dev.memlog.projector.stream.ProjectorSettings;
import dev.memlog.projector.stream.ProjectorTopology;
import dev.memlog.projector.stream.ShardContext;
import dev.memlog.projector.read.StoreNames;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The demo memory projected by the real topology into real SQLite and RocksDB files (through
 * TopologyTestDriver), and the API built on it. Events sent to the API's ingest route are recorded, not sent.
 */
public final class ProjectedMemory implements AutoCloseable {

  public static final String TOPIC = "memlog.events";

  public final LocalShards shards = new LocalShards(1);
  public final TopologyTestDriver driver;
  final List<MemoryEvent> published = new ArrayList<>();

  /** Events whose id starts with this the publisher refuses as too large once sealed. */
  static final String TOO_LARGE_SEALED = "too-large-sealed";
  final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final StuckRecords stuck = new StuckRecords(3, meters);
  final String acmeKey = ApiKeys.newKey();
  final String globexKey = ApiKeys.newKey();
  final String adminKey = ApiKeys.newKey();
  /** Records written to the partition and not applied, as the fake broker says; what tests may set. */
  volatile long pending;
  /** Whether the fake broker answers; what tests may set. */
  volatile boolean brokerReachable = true;
  /** The projector's state, as the API sees it; what tests may set. */
  volatile KafkaStreams.State projectorState = KafkaStreams.State.RUNNING;
  final ApiKeys keys = ApiKeys.of(Map.of(ApiKeys.hash(acmeKey), "acme", ApiKeys.hash(globexKey), "globex",
      ApiKeys.hash(adminKey), ApiKeys.ADMIN));

  public ProjectedMemory(Path dir) {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "api-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
    driver = new TopologyTestDriver(ProjectorTopology.build(new ShardContext(
        new ProjectorSettings(TOPIC, 1, "memlog.dead-letters", EventCodec.DEFAULT_MAX_EVENT_BYTES),
        WriterSettings.DEFAULTS, SubjectKeys.NONE, shards, new SimpleMeterRegistry(), Clock.systemUTC())), props);
    var input = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
    for (var line : demoLines()) {
      input.pipeInput(new byte[0], line.getBytes(StandardCharsets.UTF_8));
    }
    driver.getStateStore(StoreNames.SQLITE).commit(Map.of());
  }

  Javalin api() {
    return api(null);
  }

  /** The API with admin routes when {@code admin} is not null. */
  Javalin api(dev.memlog.api.admin.AdminOps admin) {
    return api(admin, HttpLimits.DEFAULTS, meters);
  }

  /** The API with these limits, and its meters in {@code meters}. */
  Javalin api(HttpLimits limits, PrometheusMeterRegistry meters) {
    return api(null, limits, meters);
  }

  private Javalin api(dev.memlog.api.admin.AdminOps admin, HttpLimits limits, PrometheusMeterRegistry meters) {
    return QueryApi.create(new QueryApiDeps(new HotStoreReader(driver::getKeyValueStore, meters),
        new MemoryReader(shards), new GraphReader(shards),
        new AppliedOnlyFreshness(), event -> {
          if (event.eventId().startsWith(TOO_LARGE_SEALED)) {
            // as the real client refuses an event that is valid as sent but too large once its content is sealed
            throw new dev.memlog.ingest.event.InvalidEventException(
                dev.memlog.ingest.event.InvalidEventException.Reason.TOO_LARGE,
                "event " + event.eventId() + " once sealed: event is 1092686 bytes, more than the 1048576 allowed");
          }
          published.add(event);
          return CompletableFuture.completedFuture(new PublishResult(event.eventId(), TOPIC, 0, published.size()));
        }, 1, () -> projectorState, stuck::stuck, meters, keys,
        (offsets, timeout) -> shards.awaitApplied(TOPIC, offsets, timeout), limits), admin);
  }

  /** Projects {@code events} as a Kafka client would have written them, and commits the shard. */
  void project(List<MemoryEvent> events) {
    var input = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
    var codec = new EventCodec();
    events.forEach(event -> input.pipeInput(event.key().bytes(), codec.encode(event)));
    driver.getStateStore(StoreNames.SQLITE).commit(Map.of());
  }

  @Override
  public void close() {
    driver.close();
  }

  static List<String> demoLines() {
    try (var in = ProjectedMemory.class.getClassLoader().getResourceAsStream("dev/memlog/demo/memory.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Freshness from the writer's applied offsets, with the end offset {@link #pending} records after them, confirmed
   * now while {@link #brokerReachable}, else unknown.
   */
  private final class AppliedOnlyFreshness implements FreshnessView {
    @Override
    public Freshness of(Collection<Integer> partitions) {
      return Freshness.of(partitions.stream().map(p -> {
        var applied = shards.appliedOffsets().get(new TopicPartition(TOPIC, p));
        long offset = applied == null ? -1 : applied.lastOffset();
        return new PartitionFreshness(p, offset, offset + 1 + pending, brokerReachable ? pending : null,
            applied == null ? null : applied.lastEventAt());
      }).toList(), brokerReachable ? Instant.now() : Instant.EPOCH);
    }

    @Override
    public Freshness all() {
      return of(List.of(0));
    }

    @Override
    public boolean brokerReachable() {
      return brokerReachable;
    }

    @Override
    public boolean beyondEnd(int partition, long offset) {
      return brokerReachable && offset >= applied(partition) + 1 + pending;
    }

    private long applied(int partition) {
      var applied = shards.appliedOffsets().get(new TopicPartition(TOPIC, partition));
      return applied == null ? -1 : applied.lastOffset();
    }
  }
}
