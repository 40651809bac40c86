package dev.memlog.ingest.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Turns events into the JSON written to Kafka and back, refusing anything that breaks the event schema.
 *
 * <p>Thread-safe; build one and share it.
 */
public final class EventCodec {

  /** The largest serialized event accepted unless configured otherwise: 1 MiB. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      // a body with two "tenant" fields must not be read as the last one: it is not valid JSON for memlog
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final EventSchemas schemas = new EventSchemas();
  private final ContentSealer sealer = new ContentSealer(schemas);
  private final int maxEventBytes;

  /** A codec that accepts events up to {@link #DEFAULT_MAX_EVENT_BYTES}. */
  public EventCodec() {
    this(DEFAULT_MAX_EVENT_BYTES);
  }

  /** A codec that accepts events up to {@code maxEventBytes} bytes of JSON. */
  public EventCodec(int maxEventBytes) {
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive, got " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  /** The versioned type names this codec reads, old versions included, sorted. */
  public static List<String> typeNames() {
    return EventSchemas.typeNames();
  }

  /** The type names of old versions that are read and upcast to their current version, never written. */
  public static java.util.Set<String> oldTypeNames() {
    return EventUpcaster.oldTypeNames();
  }

  /**
   * Reads one event from its JSON bytes; a sealed event is refused, there are no keys to open it.
   *
   * @throws InvalidEventException if the bytes are empty, too large, not UTF-8, not a JSON object, of an unknown
   *     type, sealed, or break the type's schema; the message says which field
   */
  public MemoryEvent decode(byte[] json) {
    return decode(json, SealKeys.NONE).event();
  }

  /**
   * Reads one event from its JSON bytes, opening its sealed content with {@code keys}. The type's schema is
   * checked on the opened event.
   *
   * @param keys where the data keys are found, not null
   * @return the event and whether its content was plain, opened, or is gone because its key does not exist
   * @throws InvalidEventException if the bytes are empty, too large, not UTF-8, not a JSON object, of an unknown
   *     type, break the type's schema, or are sealed with a malformed envelope or a ciphertext that does not
   *     authenticate ({@code BAD_SEAL})
   * @throws KeysUnavailableException if {@code keys} cannot tell whether the event's key exists
   */
  public OpenedEvent decode(byte[] json, SealKeys keys) {
    return decode(readTree(json), keys);
  }

  /**
   * Reads one plain event from its JSON tree (what an HTTP body holds), checked against its schema once: the
   * result is ready to be sealed and written ({@link #encode(Validated, Function)}) without a second check.
   *
   * @throws InvalidEventException as {@link #decode(byte[])} does
   */
  public Validated read(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new InvalidEventException(InvalidEventException.Reason.NOT_JSON, "an event must be a JSON object");
    }
    var event = decode(tree, SealKeys.NONE).event();
    return new Validated(event, (ObjectNode) MAPPER.valueToTree(event));
  }

  private OpenedEvent decode(JsonNode tree, SealKeys keys) {
    var type = tree.path("type");
    if (!type.isTextual()) {
      throw new InvalidEventException(InvalidEventException.Reason.SCHEMA_VIOLATION,
          "$.type: required text field is missing");
    }
    requireKnown(type.asText());
    var seal = OpenedEvent.Seal.PLAIN;
    if (tree.has(ContentSealer.SEALED)) {
      var opened = sealer.open((ObjectNode) tree, type.asText(), keys);
      tree = opened.tree();
      seal = opened.seal();
    }
    return new OpenedEvent(fromTree(type.asText(), tree), seal);
  }

  /**
   * Writes one event as JSON, after checking it against its schema.
   *
   * @throws InvalidEventException if the event breaks its schema or is larger than allowed
   */
  public byte[] encode(MemoryEvent event) {
    JsonNode tree = MAPPER.valueToTree(event);
    requireValid(event.type(), tree);
    return write(event, tree);
  }

  /**
   * Writes one event as JSON with its content sealed, after checking it against its schema. Events without
   * content to seal (see {@code docs/FORGETTING.md}) are written in plain text and {@code keys} is not called.
   *
   * @param keys gives the data key of a subject (the event key text); called once, after validation, and only
   *     when there is content to seal
   * @throws InvalidEventException if the event breaks its schema or its sealed JSON is larger than allowed
   */
  public byte[] encode(MemoryEvent event, Function<String, DataKey> keys) {
    return encode(validate(event), keys);
  }

  /**
   * Checks an event against its schema, once, keeping its JSON tree for {@link #encode(Validated, Function)}: what
   * a batch does before it creates the data keys its events need.
   *
   * @throws InvalidEventException if the event breaks its schema
   */
  public Validated validate(MemoryEvent event) {
    var tree = (ObjectNode) MAPPER.valueToTree(event);
    requireValid(event.type(), tree);
    return new Validated(event, tree);
  }

  /**
   * Writes a validated event as JSON with its content sealed; see {@link #encode(MemoryEvent, Function)}. The
   * validated event is used up: its tree becomes the sealed one.
   *
   * @throws InvalidEventException if its sealed JSON is larger than allowed
   */
  public byte[] encode(Validated validated, Function<String, DataKey> keys) {
    return write(validated.event(), sealer.seal(validated.tree, keys));
  }

  /**
   * Writes a validated event as plain JSON.
   *
   * @throws InvalidEventException if it is larger than allowed
   */
  public byte[] encode(Validated validated) {
    return write(validated.event(), validated.tree);
  }

  /** An event checked against its schema, with the JSON tree that was checked. */
  public static final class Validated {
    private final MemoryEvent event;
    private final ObjectNode tree;

    private Validated(MemoryEvent event, ObjectNode tree) {
      this.event = event;
      this.tree = tree;
    }

    /** The event. */
    public MemoryEvent event() {
      return event;
    }

    /** Whether encoding it with keys would seal content (and so needs its subject's data key). */
    public boolean hasSealableContent() {
      return ContentSealer.hasSealableContent(tree);
    }
  }

  private byte[] write(MemoryEvent event, JsonNode tree) {
    try {
      var bytes = MAPPER.writeValueAsBytes(tree);
      requireSize(bytes);
      return bytes;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.eventId(), e);
    }
  }

  /** The shared mapper configured for memlog's JSON (ISO-8601 instants, unknown fields ignored). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private JsonNode readTree(byte[] json) {
    if (json == null || json.length == 0) {
      throw new InvalidEventException(InvalidEventException.Reason.EMPTY, "the record has no value");
    }
    requireSize(json);
    requireUtf8(json);
    try {
      var tree = MAPPER.readTree(json);
      if (tree == null || !tree.isObject()) {
        throw new InvalidEventException(InvalidEventException.Reason.NOT_JSON, "an event must be a JSON object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(InvalidEventException.Reason.NOT_JSON, "not valid JSON: " + JsonErrors.describe(e));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read bytes held in memory", e);
    }
  }

  private void requireKnown(String type) {
    if (!schemas.knows(type)) {
      throw new InvalidEventException(InvalidEventException.Reason.UNKNOWN_TYPE,
          "unknown event type '" + type + "'; known types: " + String.join(", ", typeNames()));
    }
  }

  private MemoryEvent fromTree(String type, JsonNode tree) {
    requireValid(type, tree);
    try {
      return MAPPER.treeToValue(EventUpcaster.toCurrent(tree), MemoryEvent.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidEventException(InvalidEventException.Reason.SCHEMA_VIOLATION,
          type + ": " + rootMessage(e));
    }
  }

  private void requireValid(String type, JsonNode tree) {
    var violations = new java.util.ArrayList<InvalidEventException.Violation>();
    LoneSurrogates.find(tree).ifPresent(path -> violations.add(new InvalidEventException.Violation(path,
        "text holds a lone UTF-16 surrogate (such as \\ud800), which is no character and cannot be stored")));
    violations.addAll(schemas.violations(type, tree));
    if (!violations.isEmpty()) {
      throw new InvalidEventException(InvalidEventException.Reason.SCHEMA_VIOLATION, type + ": " + String.join("; ",
          violations.stream().map(v -> v.field() + ": " + v.message()).toList()), violations);
    }
  }

  private void requireSize(byte[] json) {
    if (json.length > maxEventBytes) {
      throw new InvalidEventException(InvalidEventException.Reason.TOO_LARGE,
          "event is " + json.length + " bytes, more than the " + maxEventBytes + " allowed");
    }
  }

  private static void requireUtf8(byte[] json) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json));
    } catch (CharacterCodingException e) {
      throw new InvalidEventException(InvalidEventException.Reason.NOT_UTF8, "the record value is not valid UTF-8");
    }
  }

  private static String rootMessage(Throwable e) {
    var root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root instanceof JsonProcessingException jpe ? JsonErrors.describe(jpe) : String.valueOf(root.getMessage());
  }
}
