package dev.memlog.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  static java.util.List<MemoryEvent> samples() {
    return SampleEvents.oneOfEach();
  }

  @Test
  void shouldHaveASampleAndASchemaForEveryEventType() {
    var sampled = SampleEvents.oneOfEach().stream().map(Object::getClass).collect(Collectors.toSet());
    var sampledTypes = SampleEvents.oneOfEach().stream().map(MemoryEvent::type).sorted().toList();

    var readable = new java.util.TreeSet<>(sampledTypes);
    readable.addAll(EventCodec.oldTypeNames());

    assertThat(SampleEvents.concreteTypes()).allSatisfy(type -> assertThat(sampled).contains(type));
    assertThat(EventCodec.typeNames()).containsExactlyElementsOf(readable);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldReadBackWhatItWrites(MemoryEvent event) {
    var json = codec.encode(event);

    assertThat(codec.decode(json)).isEqualTo(event);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"type\":\"" + event.type() + "\"");
  }

  @ParameterizedTest
  @MethodSource("dev.memlog.ingest.event.SampleEvents#oneOfEach")
  void shouldWriteAnEventReadFromItsTreeAsTheEventItselfIsWritten(MemoryEvent event) throws Exception {
    var tree = EventCodec.mapper().readTree(codec.encode(event));

    var validated = codec.read(tree);

    assertThat(validated.event()).isEqualTo(event);
    assertThat(codec.encode(validated)).isEqualTo(codec.encode(event));
  }

  @Test
  void shouldRefuseATreeThatBreaksItsSchemaWithTheField() throws Exception {
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.mapper().readTree(
        codec.encode(SampleEvents.oneOfEach().get(0)));
    tree.remove("eventId");

    assertThatThrownBy(() -> codec.read(tree)).isInstanceOfSatisfying(InvalidEventException.class,
        e -> assertThat(e.violations()).extracting(InvalidEventException.Violation::field).contains("$.eventId"));
  }

  @Test
  void shouldReadTheDocumentedWireFormat() {
    var json = """
        {"type":"message.appended.v1","eventId":"e-1","tenant":"acme",
         "occurredAt":"2026-11-21T10:15:30Z","source":{"agentId":"bot","runtime":"kcat"},
         "conversationId":"c-1","messageId":"m-1","role":"assistant","content":"Hello","extra":"ignored"}
        """;

    var event = codec.decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(event).isInstanceOfSatisfying(MessageAppended.class, m -> {
      assertThat(m.role()).isEqualTo(Role.ASSISTANT);
      assertThat(m.key().text()).isEqualTo("acme/conversation/c-1");
    });
  }

  @Test
  void shouldRefuseTextWithALoneSurrogateAndKeepAPairedOne() {
    var json = """
        {"type":"message.appended.v1","eventId":"e-1","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-1","role":"user","content":"%s"}""";
    var events = Events.forTenant("acme", new EventSource("bot", null));

    assertThatThrownBy(() -> codec.decode(json.formatted("a \\ud800 b").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.reason())
            .isEqualTo(InvalidEventException.Reason.SCHEMA_VIOLATION))
        .hasMessageContaining("$.content").hasMessageContaining("lone UTF-16 surrogate");
    assertThatThrownBy(() -> codec.decode(json.formatted("\\udc00").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class);
    assertThatThrownBy(() -> codec.encode(events.messageAppended("c-1", "m-1", Role.USER, "a \ud800 b")))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("$.content");
    assertThat(((MessageAppended) codec.decode(json.formatted("\\ud83d\\ude00")
        .getBytes(StandardCharsets.UTF_8))).content()).isEqualTo("\ud83d\ude00");
  }

  @Test
  void shouldReadAVersion1MessageAsAVersion2MessageWithoutTheNewFields() {
    var v1 = """
        {"type":"message.appended.v1","eventId":"e-1","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-1","role":"user","content":"Hello"}
        """;

    var event = (MessageAppended) codec.decode(v1.getBytes(StandardCharsets.UTF_8));

    assertThat(event.type()).isEqualTo("message.appended.v2");
    assertThat(event.tokenCount()).isNull();
    assertThat(event.attachments()).isEmpty();
    assertThat(new String(codec.encode(event), StandardCharsets.UTF_8)).contains("\"type\":\"message.appended.v2\"");
  }

  @Test
  void shouldReadAVersion2MessageWithTokensAndAttachments() {
    var v2 = """
        {"type":"message.appended.v2","eventId":"e-2","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-2","role":"user","content":"See photo",
         "tokenCount":12,"attachments":[{"name":"kettle.png","mediaType":"image/png","sizeBytes":2048}]}
        """;

    var event = (MessageAppended) codec.decode(v2.getBytes(StandardCharsets.UTF_8));

    assertThat(event.tokenCount()).isEqualTo(12);
    assertThat(event.attachments()).containsExactly(new Attachment("kettle.png", "image/png", null, 2048L));
  }

  @Test
  void shouldNameTheFieldWhenATokenCountIsNegative() {
    var negative = """
        {"type":"message.appended.v2","eventId":"e-3","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-3","role":"user","content":"x",
         "tokenCount":-4}
        """;

    assertThatThrownBy(() -> codec.decode(negative.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("tokenCount");
  }

  @Test
  void shouldNameTheMissingFieldWhenARequiredFieldIsAbsent() {
    var json = """
        {"type":"message.appended.v1","eventId":"e-1","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-1","role":"user"}
        """;

    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.SCHEMA_VIOLATION))
        .hasMessageContaining("content");
  }

  @Test
  void shouldNameTheFieldWhenAValueIsOutOfRange() {
    var json = """
        {"type":"relation.asserted.v1","eventId":"e-1","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"fromEntityId":"a","relationType":"knows","toEntityId":"b","strength":1.5}
        """;

    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("strength");
  }

  @Test
  void shouldRefuseATenantWithASlash() {
    var json = """
        {"type":"conversation.started.v1","eventId":"e-1","tenant":"ac/me","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1"}
        """;

    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("tenant");
  }

  @Test
  void shouldRefuseAnUnknownTypeOrVersion() {
    var json = """
        {"type":"message.appended.v9","eventId":"e-1","tenant":"acme"}
        """;

    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.UNKNOWN_TYPE))
        .hasMessageContaining("message.appended.v9");
  }

  @Test
  void shouldRefuseBytesThatAreNotJson() {
    assertThatThrownBy(() -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.NOT_JSON));
  }

  @Test
  void shouldRefuseBytesThatAreNotUtf8() {
    var bytes = new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.NOT_UTF8));
  }

  @Test
  void shouldRefuseAnEventLargerThanAllowed() {
    var small = new EventCodec(64);
    var event = SampleEvents.oneOfEach().get(1);

    assertThatThrownBy(() -> small.encode(event))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.TOO_LARGE));
  }

  @Test
  void shouldRefuseAnEmptyRecord() {
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.EMPTY));
  }

  @Test
  void shouldNameEveryWrongFieldOfAnEventNotOnlyTheFirst() {
    var json = """
        {"type":"message.appended.v1","eventId":"e-1","tenant":"ACME!","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-1","content":"Hello"}""";

    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
            .extracting(InvalidEventException.Violation::field).containsExactlyInAnyOrder("$.tenant", "$.role"));
  }

  @Test
  void shouldDescribeJsonThatCannotBeParsedWithoutJacksonsInternals() {
    var twoTenants = """
        {"type":"message.appended.v1","tenant":"acme","tenant":"globex"}""";

    assertThatThrownBy(() -> codec.decode(twoTenants.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.reason())
            .isEqualTo(InvalidEventException.Reason.NOT_JSON))
        .hasMessageContaining("Duplicate field 'tenant'").hasMessageContaining("line 1, column")
        .hasMessageNotContaining("StreamReadFeature").hasMessageNotContaining("REDACTED");
  }

  @Test
  void shouldGiveEverySchemaDocumentTheIdItIsServedUnder() throws java.io.IOException {
    for (var name : SchemaDocuments.names()) {
      var document = EventCodec.mapper().readTree(SchemaDocuments.document(name).orElseThrow());

      assertThat(document.path("$id").asText()).as(name).isEqualTo(SchemaDocuments.id(name))
          .isEqualTo("https://memlog.dev/schemas/" + name + ".json");
    }
    assertThat(SchemaDocuments.document("nope.v1")).isEmpty();
  }
}
