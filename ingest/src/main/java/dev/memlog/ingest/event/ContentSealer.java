package dev.memlog.ingest.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;

/**
 * Seals and opens the personal content of an event's JSON: the fields listed per type below move into one
 * AES-256-GCM ciphertext under a data key of the event's subject, so that deleting the key (forgetting the
 * subject) makes them unreadable in the log. The additional data binds the ciphertext to the subject and the
 * event id, so it cannot be moved onto another event. Sealing is an encoding of a valid event, not a new version
 * of its type: the type's schema is checked before sealing and after opening.
 */
final class ContentSealer {

  static final String SEALED = "sealed";
  private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Which fields each type seals, with the value each takes when its key is gone (the map keeps their order). */
  private static final Map<String, Spec> SPECS = Map.of(
      ConversationStarted.TYPE, Spec.conversation(Map.of("title", NODES.nullNode())),
      MessageAppended.TYPE_V1, Spec.conversation(Map.of("content", NODES.textNode(""))),
      MessageAppended.TYPE, Spec.conversation(ordered("content", NODES.textNode(""), "attachments",
          NODES.arrayNode())),
      MessageEdited.TYPE, Spec.conversation(Map.of("content", NODES.textNode(""))),
      EntityUpserted.TYPE, new Spec(EventKey.Kind.ENTITY, "entityId", ordered("name",
          NODES.textNode("(shredded)"), "attributes", NODES.objectNode())));

  private final EventSchemas schemas;

  ContentSealer(EventSchemas schemas) {
    this.schemas = schemas;
  }

  /** The JSON tree of an opened (or plain) event, and how its content was written. */
  record Opened(ObjectNode tree, OpenedEvent.Seal seal) {}

  /** Whether the event carries content that sealing would encrypt. */
  static boolean hasSealableContent(ObjectNode tree) {
    var spec = SPECS.get(tree.path("type").asText());
    return spec != null && spec.fields.keySet().stream().anyMatch(f -> tree.hasNonNull(f));
  }

  /** Moves the type's content fields of a valid event into a {@code sealed} object; {@code keys} gives the key. */
  ObjectNode seal(ObjectNode tree, Function<String, DataKey> keys) {
    var spec = SPECS.get(tree.path("type").asText());
    if (spec == null || !hasSealableContent(tree)) {
      return tree;
    }
    var plain = NODES.objectNode();
    for (var field : spec.fields.keySet()) {
      var value = tree.remove(field);
      if (value != null && !value.isNull()) {
        plain.set(field, value);
      }
    }
    var subject = spec.subject(tree);
    var key = keys.apply(subject);
    var nonce = Aes256Gcm.nonce();
    try {
      var ciphertext = Aes256Gcm.encrypt(key.key(), nonce, aad(subject, tree.path("eventId").asText()),
          EventCodec.mapper().writeValueAsBytes(plain));
      var sealed = tree.putObject(SEALED);
      sealed.put("keyId", key.keyId());
      sealed.put("nonce", Base64.getEncoder().encodeToString(nonce));
      sealed.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
      return tree;
    } catch (IOException e) {
      throw new IllegalStateException("cannot seal event " + tree.path("eventId").asText(), e);
    }
  }

  /**
   * Replaces the {@code sealed} object of a read event by the fields it holds, or by their "gone" values when
   * its key does not exist.
   *
   * @throws InvalidEventException (BAD_SEAL) if the envelope is malformed or the ciphertext fails authentication
   * @throws KeysUnavailableException if {@code keys} cannot tell whether the key exists
   */
  Opened open(ObjectNode tree, String type, SealKeys keys) {
    var spec = SPECS.get(type);
    if (spec == null) {
      throw bad(type + " has no content that can be sealed");
    }
    var sealed = tree.get(SEALED);
    if (!wellFormed(sealed)) {
      // the schema says what exactly is wrong; it is only run when the quick check fails (it costs microseconds)
      var violations = schemas.sealedViolations(sealed);
      throw bad("$.sealed: " + (violations.isEmpty() ? "malformed" : String.join("; ", violations)));
    }
    for (var field : spec.fields.keySet()) {
      if (tree.hasNonNull(field)) {
        throw bad("$." + field + " is both sealed and in plain text");
      }
    }
    if (!tree.path("tenant").isTextual() || !tree.path(spec.idField).isTextual()
        || !tree.path("eventId").isTextual()) {
      throw bad("a sealed event needs its tenant, eventId and " + spec.idField + " in plain text");
    }
    var subject = spec.subject(tree);
    var keyId = sealed.get("keyId").asText();
    var key = keys.find(subject, keyId);
    tree.remove(SEALED);
    if (key.isEmpty()) {
      spec.fields.forEach((field, gone) -> tree.set(field, gone.deepCopy()));
      return new Opened(tree, OpenedEvent.Seal.SHREDDED);
    }
    var plain = decrypt(key.get(), subject, tree.get("eventId").asText(), sealed);
    var names = plain.fieldNames();
    while (names.hasNext()) {
      var field = names.next();
      if (!spec.fields.containsKey(field)) {
        throw bad("the sealed content holds $." + field + ", which " + type + " does not seal");
      }
      tree.set(field, plain.get(field));
    }
    return new Opened(tree, OpenedEvent.Seal.OPENED);
  }

  /** What {@code sealed.v1.json} requires, checked by hand on the hot path: three text fields, of sane lengths. */
  private static boolean wellFormed(JsonNode sealed) {
    return sealed != null && sealed.isObject() && sealed.size() == 3
        && sealed.path("keyId").isTextual() && KEY_ID.matcher(sealed.get("keyId").asText()).matches()
        && sealed.path("nonce").isTextual() && sealed.get("nonce").asText().length() == 16
        && sealed.path("ciphertext").isTextual() && sealed.get("ciphertext").asText().length() >= 24;
  }

  private static JsonNode decrypt(DataKey key, String subject, String eventId, JsonNode sealed) {
    byte[] clear;
    try {
      clear = Aes256Gcm.decrypt(key.key(), Base64.getDecoder().decode(sealed.get("nonce").asText()),
          aad(subject, eventId), Base64.getDecoder().decode(sealed.get("ciphertext").asText()));
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw bad("the sealed content does not authenticate with key " + key.keyId() + " of " + subject
          + ": it was altered, or moved from another event or subject");
    }
    try {
      var plain = EventCodec.mapper().readTree(clear);
      if (plain == null || !plain.isObject()) {
        throw bad("the sealed content is not a JSON object");
      }
      return plain;
    } catch (JsonProcessingException e) {
      throw bad("the sealed content is not JSON: " + JsonErrors.describe(e));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read bytes held in memory", e);
    }
  }

  /** The additional authenticated data: a format label, the subject and the event id, NUL-separated. */
  private static byte[] aad(String subject, String eventId) {
    return ("memlog.sealed.v1\0" + subject + '\0' + eventId).getBytes(StandardCharsets.UTF_8);
  }

  private static InvalidEventException bad(String message) {
    return new InvalidEventException(InvalidEventException.Reason.BAD_SEAL, message);
  }

  private static Map<String, JsonNode> ordered(String a, JsonNode goneA, String b, JsonNode goneB) {
    var fields = new LinkedHashMap<String, JsonNode>();
    fields.put(a, goneA);
    fields.put(b, goneB);
    return fields;
  }

  /** The sealed fields of a type and how to find its subject. */
  private record Spec(EventKey.Kind kind, String idField, Map<String, JsonNode> fields) {
    static Spec conversation(Map<String, JsonNode> fields) {
      return new Spec(EventKey.Kind.CONVERSATION, "conversationId", fields);
    }

    String subject(ObjectNode tree) {
      return new EventKey(tree.path("tenant").asText(), kind, tree.path(idField).asText()).text();
    }
  }
}
