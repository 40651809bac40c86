package dev.memlog.node;

import dev.memlog.api.QueryApi;
import dev.memlog.api.QueryApiDeps;
import dev.memlog.api.auth.ApiKeys;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.cluster.NodeCluster;
import dev.memlog.cluster.Peers;
import dev.memlog.freshness.EndOffsets;
import dev.memlog.freshness.FreshnessTracker;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.projector.keys.KeyVault;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.read.GraphReader;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.failure.FailureHandlerDeps;
import dev.memlog.projector.failure.StuckRecords;
import dev.memlog.projector.read.HotStoreReader;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.MemoryReader;
import dev.memlog.projector.sqlite.WriterSettings;
import dev.memlog.projector.stream.ProjectorSettings;
import dev.memlog.projector.stream.ShardContext;
import dev.memlog.projector.stream.ProjectorTopology;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One memlog node: (optionally) the embedded broker, the projector, and the HTTP API, in one JVM. Started by
 * {@link #start(NodeConfig)}, stopped by {@link #close()} in the reverse order, so that the projector's last
 * batch is committed before the broker goes away.
 */
public final class MemlogNode implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(MemlogNode.class);

  /** How long one read of another node's shard may take. */
  private static final Duration PEER_DEADLINE = Duration.ofSeconds(5);

  /** How long a lookup of a key not yet read may wait for the key vault before the task fails and retries. */
  private static final Duration KEY_WAIT = Duration.ofSeconds(30);

  /** How long one question to the broker about end offsets may take. */
  private static final Duration BROKER_QUESTION_DEADLINE = Duration.ofSeconds(2);

  /** How many stream-thread deaths in a row on one record make its partition stuck. */
  private static final int STUCK_AFTER_DEATHS = 3;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private NodeConfig config;
  private Projector projector;
  private Rebuilds rebuilds;
  private PrometheusMeterRegistry meters;
  private LocalShards shards;
  private volatile HostInfo advertised;
  private Javalin api;
  private FreshnessTracker freshness;
  private Map<String, String> createdKeys = Map.of();

  private MemlogNode() {}

  /**
   * Starts a node and returns once its API listens; the projector catches up in the background.
   *
   * @throws IllegalStateException (or a more specific exception) if a part cannot start; what started is stopped
   */
  public static MemlogNode start(NodeConfig config) {
    return start(config, true);
  }

  /**
   * Starts a node, with the HTTP API only when {@code serveHttp} (a rebuild from the command line may run
   * without it).
   *
   * @throws IllegalStateException (or a more specific exception) if a part cannot start; what started is stopped
   */
  public static MemlogNode start(NodeConfig config, boolean serveHttp) {
    var node = new MemlogNode();
    try {
      node.startParts(config, serveHttp);
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private void startParts(NodeConfig requested, boolean serveHttp) {
    config = requested;
    DataDirs.ownerOnly(config.dataDir());
    if (config.embeddedBroker()) {
      var broker = own(EmbeddedKafkaBroker.start(new BrokerConfig(config.dataDir().resolve("kafka"),
          config.brokerPort(), config.partitions())));
      config = config.withBootstrapServers(broker.bootstrapServers());
    }
    var meters = NodeMeters.create(NodeMeters.version(), this::own);

    var admin = own(Admin.create(kafkaConfig(Map.of())));
    MemlogTopics.ensure(admin, Set.of(config.eventsTopic(), config.deadLetterTopic()), config.partitions(), 30_000);
    var keysTopic = MemlogTopics.keysTopicOf(config.eventsTopic());
    MemlogTopics.ensureKeys(admin, keysTopic, config.partitions(), 30_000);
    MemlogTopics.requireKeysTopic(admin, keysTopic, 30_000);
    int partitions = MemlogTopics.partitionCount(admin, config.eventsTopic(), 30_000);
    // the vault is closed after the projector, which reads from it (resources close in reverse order)
    var keys = own(KeyVault.start(kafkaConfig(Map.of()), keysTopic, KEY_WAIT, meters));

    OldReadModel.remove(config.dataDir());
    var settings = new ProjectorSettings(config.eventsTopic(), partitions, config.deadLetterTopic(),
        config.maxEventBytes());
    shards = new LocalShards(partitions);
    var writerSettings = new WriterSettings(config.batchMaxEvents(), WriterSettings.DEFAULTS.maxBatchAge(),
        config.commitInterval(), config.summaryMessages());
    var shared = new ShardContext(settings, writerSettings, keys, shards, meters, Clock.systemUTC());
    var stuck = new StuckRecords(STUCK_AFTER_DEATHS, meters);
    projector = own(new Projector(() -> ProjectorTopology.build(shared),
        StreamsProperties.of(config, new FailureHandlerDeps(config.deadLetterTopic(), stuck, meters)), stuck,
        meters));
    own(new StuckWatch(admin, config.applicationId(), stuck).start(1_000));
    rebuilds = own(new Rebuilds(admin, config.applicationId(), config.eventsTopic(), shards::appliedOffsets,
        shards::serves, meters).start(250));
    this.meters = meters;

    var ends = new EndOffsets(admin, config.eventsTopic(), partitions, BROKER_QUESTION_DEADLINE, Clock.systemUTC());
    freshness = own(new FreshnessTracker(ends, config.endOffsetsMaxAge(), config.eventsTopic(), partitions,
        shards::appliedOffsets, projector::metrics, rebuilds::rebuilding, meters).start(500));
    if (!serveHttp) {
      projector.start();
      LOGGER.atInfo().addKeyValue("bootstrapServers", config.bootstrapServers()).addKeyValue("partitions", partitions)
          .log("memlog projector started without HTTP");
      return;
    }
    var apiKeys = NodeKeys.load(config, requested.embeddedBroker());
    createdKeys = apiKeys.created();
    var client = own(MemlogClient.builder().bootstrapServers(config.bootstrapServers()).topic(config.eventsTopic())
        .createTopic(false).seal(config.seal()).keysTopic(keysTopic).maxEventBytes(config.maxEventBytes())
        .producerProperties(ingestProducer()).build());
    // the other nodes are found with Kafka Streams' metadata, which knows this one by its HTTP address: the API
    // starts first (its port may be chosen at start), the projector once the address is known
    var token = config.clusterToken() != null ? config.clusterToken() : ApiKeys.newKey();
    var peers = new Peers(projector::shardMetadata, () -> advertised, config.eventsTopic(), shards, token,
        PEER_DEADLINE, freshness::endOffset);
    shards.route(peers);
    var hot = new HotStoreReader(projector::store, new SealedViews(keys), meters, shards, peers);
    var nodeAdmin = new NodeAdmin(config, partitions, admin, shards, peers, projector, rebuilds,
        kafkaConfig(Map.of()));
    api = QueryApi.create(new QueryApiDeps(hot, new MemoryReader(shards), new GraphReader(shards), freshness, client,
        partitions, projector::state, stuck::stuck, meters, apiKeys.keys(),
        (offsets, timeout) -> shards.awaitApplied(config.eventsTopic(), offsets, timeout), config.httpLimits()),
        nodeAdmin, new NodeCluster(token, config.eventsTopic(), shards, hot));
    own(() -> api.stop());
    api.start(config.httpHost(), config.httpPort());
    advertised = new HostInfo(config.advertisedHost(), api.port());
    shards.node(advertised.host() + ":" + advertised.port());
    projector.start(advertised.host() + ":" + advertised.port());
    LOGGER.atInfo().addKeyValue("http", "http://" + config.httpHost() + ":" + api.port())
        .addKeyValue("applicationServer", advertised.host() + ":" + advertised.port())
        .addKeyValue("bootstrapServers", config.bootstrapServers()).addKeyValue("partitions", partitions)
        .log("memlog node started");
  }

  /** The development API keys this start created ({@code tenant → key}; "admin" for the admin key), else empty. */
  public Map<String, String> createdKeys() {
    return createdKeys;
  }

  /** The port the HTTP API listens on, -1 when the node serves no HTTP. */
  public int httpPort() {
    return api == null ? -1 : api.port();
  }

  /** The Kafka cluster the node uses (the embedded broker's address when it runs one). */
  public String bootstrapServers() {
    return config.bootstrapServers();
  }

  /** The configuration in force, with the embedded broker's address filled in. */
  public NodeConfig config() {
    return config;
  }

  /** The projector's state (CREATED, REBALANCING, RUNNING, ...). */
  public KafkaStreams.State projectorState() {
    return projector.state();
  }

  /** The partitions being rebuilt, and how far their replay is. */
  public Rebuilds rebuilds() {
    return rebuilds;
  }

  /** The registry /metrics exposes. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** The content checksum of the shards this node serves now. */
  public Checksum checksum() {
    return ReadModelChecksum.of(shards.files().values());
  }

  /** The read-model shards of this node. */
  public LocalShards shards() {
    return shards;
  }

  /** Stops the API, the projector (committing its last batch), the readers and the broker. */
  @Override
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        LOGGER.atWarn().setCause(e).log("error while stopping the node");
      }
    }
  }

  /**
   * The HTTP ingest's producer gives up soon when the broker does not answer (Kafka's defaults block a send for a
   * minute and retry for two); {@code MEMLOG_KAFKA_*} settings still win.
   */
  private Map<String, Object> ingestProducer() {
    var producer = new HashMap<String, Object>(Map.of(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000));
    producer.putAll(config.kafka());
    return producer;
  }

  private Map<String, Object> kafkaConfig(Map<String, Object> extra) {
    var kafka = new HashMap<String, Object>(config.kafka());
    kafka.putAll(extra);
    kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    return kafka;
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.push(resource);
    return resource;
  }
}
