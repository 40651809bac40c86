package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.api.auth.ApiKeys;
import dev.memlog.broker.BrokerConfig;
import dev.memlog.broker.EmbeddedKafkaBroker;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.audit.ReadModelChecksum;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three nodes of one memory on one broker, each serving some partitions: any node answers any request, with the
 * same answer, reading the shards of the others through their internal routes; a read-your-writes token from one
 * node works on another; when a node leaves, the others serve its partitions again with nothing lost; a node
 * that joins takes partitions over.
 */
class ClusterIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterIT.class);
  private static final int PARTITIONS = 6;
  private static final int CONVERSATIONS = 12;
  private static final int MESSAGES = 20;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @AutoClose private final Resources opened = new Resources();

  private final ClusterKeys cluster = ClusterKeys.random();

  @Test
  void shouldAnswerEveryRequestOnEveryNodeAlikeAndServeALeavingNodesPartitionsAgain() throws Exception {
    // Given three nodes that share the partitions, and every event applied
    var broker = opened.add(EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("kafka"), 0, PARTITIONS)));
    var nodes = List.of(startNode("a", broker), startNode("b", broker), startNode("c", broker));
    await().atMost(PATIENCE).untilAsserted(() -> {
      var all = new HashSet<Integer>();
      for (var node : nodes) {
        assertThat(node.shards().servedPartitions()).isNotEmpty();
        all.addAll(node.shards().servedPartitions());
      }
      assertThat(all).hasSize(PARTITIONS);
    });
    var ingest = HeavyIngest.of(CONVERSATIONS, MESSAGES);
    opened.add(new RetryingPublisher(broker.bootstrapServers(), PARTITIONS))
        .start(ingest.events(), 500, Duration.ZERO, ingest.events().size()).awaitDone(PATIENCE);
    var https = nodes.stream().map(node -> cluster.http(node.httpPort())).toList();
    await().atMost(PATIENCE).untilAsserted(() -> ClusterAnswers.assertApplied(https, CONVERSATIONS, MESSAGES));

    // Then every key and every search has the same answer on every node
    assertThat(answers(https.get(1))).isEqualTo(answers(https.get(0)));
    assertThat(answers(https.get(2))).isEqualTo(answers(https.get(0)));
    var search = https.get(2).get("/v1/tenants/acme/search?q=teapot&limit=50").json();
    assertThat(search.path("partial").asBoolean()).as(search.toString()).isFalse();
    assertThat(search.path("hits").size()).isEqualTo(50);
    assertThat(search.at("/freshness/partitions").size()).isEqualTo(PARTITIONS);

    // And each answer names the node whose shard served it: the partition's active node
    for (var http : https) {
      var freshness = http.get("/v1/tenants/acme/conversations/c-0").json().at("/freshness/partitions/0");
      var owner = nodes.stream().filter(node -> node.shards().serves(freshness.path("partition").asInt()))
          .findFirst().orElseThrow();
      assertThat(freshness.path("servedBy").asText()).as(freshness.toString()).isEqualTo(owner.shards().node());
      assertThat(freshness.path("standby").asBoolean()).isFalse();
    }

    // And every standby shard, once caught up, holds what its active shard holds
    await().atMost(PATIENCE).untilAsserted(() -> {
      for (int p = 0; p < PARTITIONS; p++) {
        assertThat(standbyChecksums(nodes, p)).as("standby vs active shard of partition " + p).hasSize(1);
      }
    });

    // And a write through one node is read with its token on another
    var events = Events.forTenant("acme", new EventSource("cluster-bot", "it"));
    var written = events.messageAppended("c-0", "m-written", Role.USER, "a quince arrived");
    var published = https.get(0).post("/v1/tenants/acme/events",
        new String(new EventCodec().encode(written), StandardCharsets.UTF_8));
    assertThat(published.status()).as(published.text()).isEqualTo(202);
    var after = published.json().path("token").asText();
    var read = https.get(1).get("/v1/tenants/acme/search?q=quince&after=" + NodeHttp.encode(after));
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.json().path("hits")).extracting(hit -> hit.path("messageId").asText()).contains("m-written");
    // (a read that waited for its token goes on on another thread, and still names who served each partition)
    assertThat(read.json().at("/freshness/partitions")).hasSize(PARTITIONS)
        .allSatisfy(partition -> assertThat(partition.path("servedBy").isTextual()).as(partition.toString()).isTrue());

    // When one node leaves
    long leftAt = System.nanoTime();
    nodes.get(2).close();

    // Then the other two serve every partition again, and answer as before
    await().atMost(PATIENCE).untilAsserted(() -> {
      var all = new HashSet<Integer>(nodes.get(0).shards().servedPartitions());
      all.addAll(nodes.get(1).shards().servedPartitions());
      assertThat(all).hasSize(PARTITIONS);
      assertThat(https.get(0).get("/v1/tenants/acme/search?q=teapot&limit=50").json().path("partial").asBoolean())
          .isFalse();
    });
    LOGGER.atInfo().addKeyValue("servedAgainMs", Duration.ofNanos(System.nanoTime() - leftAt).toMillis())
        .log("partitions of a leaving node served again");
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(answers(https.get(1))).isEqualTo(answers(https.get(0))));
    var summary = https.get(1).get("/v1/tenants/acme/conversations/c-0").json();
    assertThat(summary.at("/conversation/messageCount").asLong()).isEqualTo(MESSAGES + 1);

    // And a node that joins takes partitions, restores their shards, and answers like the others
    var joined = startNode("d", broker);
    var joinedHttp = cluster.http(joined.httpPort());
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(joined.shards().servedPartitions()).isNotEmpty();
      assertThat(answers(joinedHttp)).isEqualTo(answers(https.get(0)));
    });

    // And the cluster's checksum, collected from the partitions' owners, is a single node's over the same log
    var alone = opened.add(MemlogNode.start(NodeConfig.fromEnv(Map.of(
        "MEMLOG_DATA_DIR", dir.resolve("alone").toString(), "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "MEMLOG_PARTITIONS", "" + PARTITIONS,
        "MEMLOG_APPLICATION_ID", "memlog-alone", "MEMLOG_API_KEYS", "admin:" + ApiKeys.hash(cluster.adminKey())))));
    var aloneHttp = new NodeHttp(alone.httpPort(), Map.of("admin", cluster.adminKey()));
    // the joined node's rebalance may still be moving a shard: a checksum is a 503 until every shard serves
    var clusterSum = https.get(0).checksum(PATIENCE);
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(https.get(1).get("/v1/admin/checksum").json()
        .path("total")).isEqualTo(clusterSum.path("total")));
    await().atMost(PATIENCE).untilAsserted(() -> {
      var single = aloneHttp.get("/v1/admin/checksum");
      assertThat(single.status()).as(single.text()).isEqualTo(200);
      assertThat(single.json().path("partitions")).isEqualTo(clusterSum.path("partitions"));
      assertThat(single.json().path("total")).isEqualTo(clusterSum.path("total"));
    });
  }

  /**
   * The distinct checksums (content and applied offset) of the shards of {@code partition}: its active one and
   * its standbys; one when they are alike.
   */
  private static Set<List<Object>> standbyChecksums(List<MemlogNode> nodes, int partition) {
    var checksums = new HashSet<List<Object>>();
    int held = 0;
    for (var node : nodes) {
      var file = node.shards().heldFiles().get(partition);
      if (file != null) {
        held++;
        var checksum = ReadModelChecksum.of(List.of(file));
        checksums.add(List.of(checksum.partitions(), checksum.rows(), checksum.appliedOffsets()));
      }
    }
    assertThat(held).as("shards of partition " + partition + " (active and standby)").isGreaterThanOrEqualTo(2);
    return checksums;
  }

  /** Every conversation's summary and first page, every entity and its relations, without their freshness. */
  private static List<JsonNode> answers(NodeHttp http) {
    return ClusterAnswers.of(http, CONVERSATIONS, MESSAGES);
  }

  private MemlogNode startNode(String name, EmbeddedKafkaBroker broker) {
    return opened.add(MemlogNode.start(NodeConfig.fromEnv(cluster.env(dir.resolve(name), broker.bootstrapServers(),
        PARTITIONS, 0))));
  }
}
