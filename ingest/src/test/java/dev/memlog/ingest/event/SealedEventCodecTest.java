package dev.memlog.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SealedEventCodecTest {

  private final EventCodec codec = new EventCodec();
  private final Map<String, DataKey> keys = new ConcurrentHashMap<>();
  private final SealKeys vault = (subject, keyId) -> Optional.ofNullable(keys.get(subject))
      .filter(k -> k.keyId().equals(keyId));

  static List<MemoryEvent> samples() {
    return SampleEvents.oneOfEach();
  }

  private DataKey keyOf(String subject) {
    return keys.computeIfAbsent(subject, DataKey::generate);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldOpenWhatItSealed(MemoryEvent event) {
    var json = codec.encode(event, this::keyOf);

    var opened = codec.decode(json, vault);

    assertThat(opened.event()).isEqualTo(event);
  }

  @Test
  void shouldLeaveNoWordOfTheContentInTheSealedBytes() {
    var event = SampleEvents.events().messageAppended("c-1", "m-1", Role.USER, "zanzibarite secret", 3,
        List.of(new Attachment("passport-scan.png", "image/png", null, null)));

    var text = new String(codec.encode(event, this::keyOf), StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("zanzibarite", "passport").contains("\"sealed\"", "\"tokenCount\":3",
        "\"messageId\":\"m-1\"");
    assertThat(codec.decode(text.getBytes(StandardCharsets.UTF_8), vault).seal())
        .isEqualTo(OpenedEvent.Seal.OPENED);
  }

  @Test
  void shouldSealEntityNamesAndAttributes() {
    var event = SampleEvents.events().entityUpserted("p-9", "person", "Ada Quuxley", Map.of("email", "ada@q.x"));

    var text = new String(codec.encode(event, this::keyOf), StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("Quuxley", "ada@q.x").contains("\"entityType\":\"person\"");
  }

  @Test
  void shouldNotAskForAKeyWhenThereIsNothingToSeal() {
    var asked = new ArrayList<String>();
    var event = SampleEvents.events().conversationStarted("c-1", null);

    var json = codec.encode(event, subject -> {
      asked.add(subject);
      return keyOf(subject);
    });

    assertThat(asked).isEmpty();
    assertThat(codec.decode(json, vault).seal()).isEqualTo(OpenedEvent.Seal.PLAIN);
  }

  @Test
  void shouldRefuseAlteredCiphertextClearly() {
    var tree = sealedTree();
    var sealed = (ObjectNode) tree.get("sealed");
    var ciphertext = sealed.get("ciphertext").asText();
    sealed.put("ciphertext", (ciphertext.charAt(0) == 'A' ? "B" : "A") + ciphertext.substring(1));

    assertThatThrownBy(() -> codec.decode(bytes(tree), vault))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.BAD_SEAL))
        .hasMessageContaining("does not authenticate");
  }

  @Test
  void shouldRefuseContentMovedToAnotherEvent() {
    var tree = sealedTree();
    tree.put("eventId", "evt-other");

    assertThatThrownBy(() -> codec.decode(bytes(tree), vault)).hasMessageContaining("does not authenticate");
  }

  @Test
  void shouldRefuseContentMovedToAnotherSubjectEvenWithThatSubjectsKey() {
    var tree = sealedTree();
    var original = keys.get("acme/conversation/c-1");
    tree.put("conversationId", "c-2");
    keys.put("acme/conversation/c-2", new DataKey("acme/conversation/c-2", original.keyId(), original.key()));

    assertThatThrownBy(() -> codec.decode(bytes(tree), vault))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.BAD_SEAL))
        .hasMessageContaining("does not authenticate");
  }

  @Test
  void shouldGiveTheGoneValuesWhenTheKeyDoesNotExist() {
    var tree = sealedTree();
    keys.clear();

    var opened = codec.decode(bytes(tree), vault);

    assertThat(opened.shredded()).isTrue();
    assertThat(opened.event()).isInstanceOfSatisfying(MessageAppended.class, m -> {
      assertThat(m.content()).isEmpty();
      assertThat(m.attachments()).isEmpty();
      assertThat(m.messageId()).isEqualTo("m-1");
    });
  }

  @Test
  void shouldRefuseAMalformedEnvelope() {
    var tree = sealedTree();
    ((ObjectNode) tree.get("sealed")).put("nonce", "short");

    assertThatThrownBy(() -> codec.decode(bytes(tree), vault))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.BAD_SEAL))
        .hasMessageContaining("$.sealed");
  }

  @Test
  void shouldRefuseContentBothSealedAndPlain() {
    var tree = sealedTree();
    tree.put("content", "plain too");

    assertThatThrownBy(() -> codec.decode(bytes(tree), vault)).hasMessageContaining("both sealed and in plain");
  }

  @Test
  void shouldRefuseASealedEventWhereNoKeysAreKnown() {
    var json = bytes(sealedTree());

    assertThatThrownBy(() -> codec.decode(json))
        .isInstanceOfSatisfying(InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.BAD_SEAL));
  }

  @Test
  void shouldRefuseASealOnATypeWithoutSealedContent() {
    var tree = sealedTree();
    tree.put("type", MessageRedacted.TYPE);

    assertThatThrownBy(() -> codec.decode(bytes(tree), vault)).hasMessageContaining("no content that can be sealed");
  }

  @Test
  void shouldReadTheSealedFieldsOfAVersion1MessageAndUpcastIt() {
    var v1 = """
        {"type":"message.appended.v1","eventId":"e-1","tenant":"acme","occurredAt":"2026-11-21T10:15:30Z",
         "source":{"agentId":"bot"},"conversationId":"c-1","messageId":"m-1","role":"user","content":"Hi"}
        """;
    var sealed = EventCodec.mapper().createObjectNode();
    var plain = (ObjectNode) readTree(v1.getBytes(StandardCharsets.UTF_8));
    var sealer = new ContentSealer(new EventSchemas());
    sealed.setAll(sealer.seal(plain, this::keyOf));

    var opened = codec.decode(bytes(sealed), vault);

    assertThat(((MessageAppended) opened.event()).content()).isEqualTo("Hi");
  }

  private ObjectNode sealedTree() {
    var event = SampleEvents.events().messageAppended("c-1", "m-1", Role.USER, "zanzibarite", null,
        List.of(new Attachment("a.png", "image/png", null, null)));
    return (ObjectNode) readTree(codec.encode(event, this::keyOf));
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] json) {
    try {
      return EventCodec.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(ObjectNode tree) {
    try {
      return EventCodec.mapper().writeValueAsBytes(tree);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
