package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.memlog.api.auth.ApiKeys;
import dev.memlog.ingest.client.ConsistencyToken;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.PublishResult;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import dev.memlog.ingest.read.MemlogProblemException;
import dev.memlog.ingest.read.MemlogReader;
import dev.memlog.ingest.read.ReadAnswers.Message;
import dev.memlog.ingest.read.ReadAnswers.Relation;
import dev.memlog.ingest.read.ReadAnswers.SearchHit;
import dev.memlog.ingest.read.SearchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java reader against a real node: what the Java client publishes to Kafka, read back over HTTP with its token. */
class MemlogReaderIT {

  private static final int PARTITIONS = 3;
  private static final String KEY = ApiKeys.newKey();

  @TempDir static Path dir;

  private static MemlogNode node;
  private static MemlogReader reader;

  private final Events events = Events.forTenant("acme", new EventSource("support-bot", "it"));

  @BeforeAll
  static void startNode() {
    node = MemlogNode.start(NodeConfig.fromEnv(Map.of(
        "MEMLOG_DATA_DIR", dir.resolve("node").toString(),
        "MEMLOG_HTTP_PORT", "0",
        "MEMLOG_BROKER_PORT", "0",
        "MEMLOG_PARTITIONS", "" + PARTITIONS,
        "MEMLOG_API_KEYS", "acme:" + ApiKeys.hash(KEY))));
    reader = MemlogReader.builder().baseUrl("http://" + node.config().httpHost() + ":" + node.httpPort())
        .apiKey(KEY).tenant("acme").build();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void shouldReadWhatTheJavaClientPublishedOnceItsTokenIsApplied() {
    var written = publish(List.of(
        events.conversationStarted("c-1", "Lost kettle"),
        events.messageAppended("c-1", "m-0", Role.USER, "My red kettle never arrived"),
        events.messageAppended("c-1", "m-1", Role.ASSISTANT, "I will send a new kettle today"),
        events.messageAppended("c-1", "m-2", Role.USER, "Thank you")));

    var summary = reader.conversation("c-1", written).conversation();
    var history = reader.history("c-1", 2, null).map(Message::messageId).toList();
    var firstPage = reader.messages("c-1", 2, null, null);
    var hits = reader.search(SearchRequest.of("kettle").byRole("assistant"), null).hits();

    assertThat(summary.title()).isEqualTo("Lost kettle");
    assertThat(summary.messageCount()).isEqualTo(3);
    assertThat(history).containsExactly("m-0", "m-1", "m-2");
    assertThat(firstPage.nextCursor()).isNotNull();
    assertThat(hits).extracting(SearchHit::messageId).containsExactly("m-1");
    assertThat(hits.get(0).snippet()).contains("<mark>kettle</mark>");
  }

  @Test
  void shouldReadTheEntityGraph() {
    var written = publish(List.of(
        events.entityUpserted("order-7", "order", "Order 7", Map.of("status", "late")),
        events.entityUpserted("customer-ana", "customer", "Ana", Map.of()),
        events.relationAsserted("customer-ana", "placed", "order-7", 0.9),
        events.messageAppended("c-2", "m-0", Role.USER, "Where is order 7?"),
        events.entityMentioned("c-2", "m-0", "order-7")));

    var entity = reader.entity("order-7", written).entity();
    var relations = reader.relations("customer-ana", null);
    var neighbours = reader.neighbours("customer-ana", 1, null);
    var mentions = reader.mentions("order-7", null).mentions();

    assertThat(entity.attributes()).containsEntry("status", "late");
    assertThat(relations.outgoing()).extracting(Relation::toEntityId).containsExactly("order-7");
    assertThat(neighbours.entities()).containsExactlyInAnyOrderEntriesOf(Map.of("customer-ana", 0, "order-7", 1));
    assertThat(mentions).singleElement().satisfies(m -> assertThat(m.messageId()).isEqualTo("m-0"));
    assertThat(reader.freshness().freshness().partitions()).hasSize(PARTITIONS);
  }

  @Test
  void shouldThrowTheProblemsTheNodeAnswers() {
    var missing = catchThrowableOfType(MemlogProblemException.class, () -> reader.conversation("c-none", null));
    var refused = catchThrowableOfType(MemlogProblemException.class,
        () -> reader.search(SearchRequest.of("kettle").withLimit(0), null));

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.type()).isEqualTo("urn:memlog:problem:not-found");
    assertThat(missing.requestId()).isNotBlank();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errors()).extracting(MemlogProblemException.FieldError::field).contains("limit");
  }

  /** Publishes with the Java client (Kafka) and answers the token of all it wrote. */
  private static ConsistencyToken publish(List<? extends MemoryEvent> batch) {
    try (var client = MemlogClient.builder().bootstrapServers(node.bootstrapServers()).partitions(PARTITIONS)
        .build()) {
      return client.publishAll(List.copyOf(batch)).stream().map(future -> future.join()).map(PublishResult::token)
          .reduce(ConsistencyToken::merge).orElseThrow();
    }
  }
}
