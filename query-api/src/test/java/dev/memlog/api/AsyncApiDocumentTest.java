package dev.memlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.ConversationEvent;
import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.EntityEvent;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.ingest.event.SchemaDocuments;
import dev.memlog.projector.deadletter.DeadLetterRepublisher;
import dev.memlog.projector.stream.DeadLetters;
import io.javalin.testtools.JavalinTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AsyncAPI document says what the code does: its topics are the code's topic names, its events are the event
 * types the codec knows, each with the key the event is written under and the schema {@code /schemas/{type}.json}
 * serves, and its dead letters carry the headers and reasons the projector writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncApiDocumentTest {

  private static final String DEMO = "dev/memlog/demo/memory.jsonl";
  /** Where a node serves the document; its references are relative to this. */
  private static final URI SERVED_AT = URI.create("http://127.0.0.1:8080" + QueryApi.ASYNCAPI_YAML);

  private final JsonNode document = DocumentController.asyncApi();
  private ProjectedMemory memory;

  @BeforeAll
  void project(@TempDir Path dir) {
    memory = new ProjectedMemory(dir);
  }

  @AfterAll
  void close() {
    memory.close();
  }

  @Test
  void shouldNameTheTopicsTheCodeWritesAndReads() {
    var channels = document.path("channels");

    assertThat(channels.at("/events/address").asText()).isEqualTo(MemlogTopics.EVENTS);
    assertThat(channels.at("/deadLetters/address").asText()).isEqualTo(MemlogTopics.DEAD_LETTERS);
    assertThat(channels.at("/keys/address").asText()).isEqualTo(MemlogTopics.keysTopicOf(MemlogTopics.EVENTS));
    channels.fields().forEachRemaining(channel -> {
      var kafka = channel.getValue().at("/bindings/kafka");
      if (!kafka.isMissingNode()) {
        assertThat(kafka.path("topic").asText()).isEqualTo(channel.getValue().path("address").asText());
        assertThat(kafka.path("partitions").asInt()).isEqualTo(MemlogTopics.DEFAULT_PARTITIONS);
      }
    });
  }

  @Test
  void shouldHaveAMessageForEveryEventTypeWithTheSchemaTheNodeServesForIt() {
    var messages = document.at("/channels/events/messages");
    var names = new TreeSet<String>();
    messages.fieldNames().forEachRemaining(names::add);

    assertThat(names).containsExactlyInAnyOrderElementsOf(EventCodec.typeNames());
    JavalinTest.test(memory.api(), (server, client) -> {
      for (var type : EventCodec.typeNames()) {
        var message = resolve(messages.path(type));
        assertThat(message.path("name").asText()).isEqualTo(type);
        var reference = message.at("/payload/schema/$ref").asText();
        var served = client.get(SERVED_AT.resolve(reference).getPath());
        assertThat(served.code()).as(reference).isEqualTo(200);
        var schema = EventCodec.mapper().readTree(served.body().string());
        assertThat(schema.path("$id").asText()).as(reference).isEqualTo(SchemaDocuments.id(type));
        assertThat(schema.path("title").asText()).as(reference).isEqualTo(type);
      }
    });
  }

  @Test
  void shouldKeyEveryEventAsItsClassKeysIt() throws Exception {
    var sample = Map.of(
        ConversationEvent.class, EventKey.conversation("acme", "c-42").text(),
        EntityEvent.class, EventKey.entity("acme", "order-5531").text());
    var binding = Map.of(ConversationEvent.class, "conversationKey", EntityEvent.class, "entityKey");
    for (var kind : sample.keySet()) {
      for (var event : kind.getPermittedSubclasses()) {
        for (var type : typeNames(event)) {
          var message = resolve(document.at("/channels/events/messages").path(type));
          var reference = message.at("/bindings/$ref").asText();

          assertThat(reference).as(type).isEqualTo("#/components/messageBindings/" + binding.get(kind));
          var key = resolve(message.path("bindings")).at("/kafka/key");
          assertThat(sample.get(kind)).as(type).matches(key.path("pattern").asText());
          for (var other : sample.values()) {
            if (!other.equals(sample.get(kind))) {
              assertThat(other).as(type).doesNotMatch(key.path("pattern").asText());
            }
          }
        }
      }
    }
    var dataKey = DataKey.generate(EventKey.conversation("acme", "c-42").text());
    assertThat(dataKey.recordKey())
        .matches(document.at("/components/messageBindings/dataKeyKey/kafka/key/pattern").asText());
  }

  @Test
  void shouldDescribeTheDeadLetterHeadersAndReasonsTheProjectorWrites() {
    var headers = document.at("/components/schemas/DeadLetterHeaders");
    var names = new TreeSet<String>();
    headers.path("properties").fieldNames().forEachRemaining(names::add);
    var required = new TreeSet<String>();
    headers.path("required").forEach(name -> required.add(name.asText()));
    var reasons = new ArrayList<String>();
    headers.at("/properties/memlog.dlq.reason/enum").forEach(reason -> reasons.add(reason.asText()));
    var eventHeaders = new TreeSet<String>();
    document.at("/components/schemas/EventHeaders/properties").fieldNames().forEachRemaining(eventHeaders::add);

    assertThat(names).containsExactlyInAnyOrder(DeadLetters.REASON, DeadLetters.ERROR, DeadLetters.TOPIC,
        DeadLetters.PARTITION, DeadLetters.OFFSET, DeadLetters.ORIGINAL_SIZE, DeadLetters.ORIGINAL_SHA256);
    assertThat(required).containsExactlyInAnyOrder(DeadLetters.REASON, DeadLetters.ERROR, DeadLetters.TOPIC,
        DeadLetters.PARTITION, DeadLetters.OFFSET);
    // every reason of an invalid event, and the projector's own for an event it could not apply
    assertThat(reasons).containsExactlyInAnyOrderElementsOf(Stream.concat(
        Arrays.stream(InvalidEventException.Reason.values()).map(Enum::name), Stream.of("PROJECTION_FAILED")).toList());
    // memlog.rerouted-from is DecodeProcessor.REROUTED_FROM, package-private in the projector
    assertThat(eventHeaders).containsExactlyInAnyOrder("memlog.rerouted-from", DeadLetterRepublisher.REPLACES);
  }

  @Test
  void shouldAcceptEveryDemoEventThatTheCodecAccepts() throws Exception {
    var seen = new HashMap<String, Integer>();
    var codec = new EventCodec();
    try (var in = getClass().getClassLoader().getResourceAsStream(DEMO);
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (var line = reader.readLine(); line != null; line = reader.readLine()) {
        var event = codec.decode(line.getBytes(StandardCharsets.UTF_8));
        var type = EventCodec.mapper().readTree(line).path("type").asText();
        var bindings = resolve(resolve(document.at("/channels/events/messages").path(type)).path("bindings"));

        assertThat(event.key().text()).as(line).matches(bindings.at("/kafka/key/pattern").asText());
        seen.merge(type, 1, Integer::sum);
      }
    }
    assertThat(seen).as("the demo has an event of most types").hasSizeGreaterThan(5);
  }

  @Test
  void shouldServeTheDocumentAsYamlAndJson() {
    JavalinTest.test(memory.api(), (server, client) -> {
      var yaml = client.get(QueryApi.ASYNCAPI_YAML);
      var json = EventCodec.mapper().readTree(client.get(QueryApi.ASYNCAPI_JSON).body().string());

      assertThat(yaml.code()).isEqualTo(200);
      assertThat(yaml.body().string()).startsWith("asyncapi: 3.0.0");
      assertThat(json).isEqualTo(document);
    });
  }

  @Test
  void shouldResolveEveryLocalReference() {
    var references = new ArrayList<String>();
    collectReferences(document, references);

    assertThat(references).isNotEmpty().allSatisfy(reference ->
        assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse());
  }

  private static void collectReferences(JsonNode node, java.util.List<String> into) {
    if (node.has("$ref") && node.path("$ref").asText().startsWith("#/")) {
      into.add(node.path("$ref").asText());
    }
    node.forEach(child -> collectReferences(child, into));
  }

  private JsonNode resolve(JsonNode node) {
    var reference = node.path("$ref").asText();
    return reference.startsWith("#/") ? document.at(reference.substring(1)) : node;
  }

  /** The type names a permitted event class is written or read under: its TYPE, and TYPE_V1 where it has one. */
  private static Set<String> typeNames(Class<?> event) throws ReflectiveOperationException {
    var names = new TreeSet<String>();
    for (var field : new String[] {"TYPE", "TYPE_V1"}) {
      try {
        names.add((String) event.getField(field).get(null));
      } catch (NoSuchFieldException e) {
        // an event type without an older version
      }
    }
    assertThat(names).as(event.getName()).isNotEmpty();
    return names;
  }
}
