package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlog.cli.MemlogApp;
import dev.memlog.ingest.client.MemlogTopics;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.deadletter.DeadLetterTopic;
import dev.memlog.projector.stream.DeadLetters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoisonEventsIT {

  private static final int PARTITIONS = 3;
  private static final int MAX_EVENT_BYTES = 2_048;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String ENVELOPE = "\"eventId\":\"%s\",\"tenant\":\"acme\",\"occurredAt\":\"2026-11-21T10:15:30Z\","
      + "\"source\":{\"agentId\":\"bot\"},\"conversationId\":\"c-9\"";

  @TempDir Path dir;

  private final Events events = Events.forTenant("acme", new EventSource("bot", "it"));
  private final EventCodec codec = new EventCodec();
  private MemlogNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void shouldDeadLetterEveryKindOfBadRecordProjectTheEventsAroundItAndProjectAFixedOneRepublished()
      throws Exception {
    node = MemlogNode.start(NodeConfig.fromEnv(Map.of("MEMLOG_DATA_DIR", dir.resolve("node").toString(),
        "MEMLOG_HTTP_PORT", "0", "MEMLOG_BROKER_PORT", "0", "MEMLOG_PARTITIONS", "" + PARTITIONS,
        "MEMLOG_MAX_EVENT_BYTES", "" + MAX_EVENT_BYTES)));
    var http = new NodeHttp(node);
    var key = EventKey.conversation("acme", "c-9").bytes();
    int home = MemlogTopics.partitionFor(key, PARTITIONS);
    var poison = new LinkedHashMap<String, byte[]>();
    poison.put("NOT_JSON", utf8("{\"type\":\"message.appended.v1\", oops"));
    poison.put("UNKNOWN_TYPE", utf8("{\"type\":\"sticker.sent.v1\"," + ENVELOPE.formatted("e-type") + "}"));
    poison.put("UNKNOWN_VERSION", utf8("{\"type\":\"message.appended.v7\"," + ENVELOPE.formatted("e-v7")
        + ",\"messageId\":\"m-v7\",\"role\":\"user\",\"content\":\"from the future\"}"));
    poison.put("SCHEMA_VIOLATION", utf8("{\"type\":\"message.appended.v1\"," + ENVELOPE.formatted("e-missing")
        + ",\"messageId\":\"m-fixed\",\"role\":\"user\"}"));
    poison.put("TOO_LARGE", utf8("{\"type\":\"message.appended.v1\"," + ENVELOPE.formatted("e-large")
        + ",\"messageId\":\"m-large\",\"role\":\"user\",\"content\":\"" + "x".repeat(3_000) + "\"}"));
    var notUtf8 = utf8("{\"type\":\"message.appended.v1\"," + ENVELOPE.formatted("e-latin1")
        + ",\"messageId\":\"m-latin1\",\"role\":\"user\",\"content\":\"caf?\"}");
    notUtf8[notUtf8.length - 3] = (byte) 0xE9;
    poison.put("NOT_UTF8", notUtf8);

    var offsets = new LinkedHashMap<String, Long>();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      send(producer, home, key, codec.encode(events.conversationStarted("c-9", "Poisoned")));
      send(producer, home, key, codec.encode(events.messageAppended("c-9", "m-before", Role.USER, "before")));
      for (var entry : poison.entrySet()) {
        offsets.put(entry.getKey(), send(producer, home, key, entry.getValue()));
      }
      send(producer, home, key, codec.encode(events.messageAppended("c-9", "m-after", Role.USER, "after")));
    }

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(messageIds(http)).containsExactly("m-before", "m-after");
      assertThat(http.get("/v1/admin/dead-letters?limit=100").json().path("count").asInt()).isEqualTo(6);
    });
    var letters = http.get("/v1/admin/dead-letters?limit=100").json().path("deadLetters");
    var metrics = http.get("/metrics").text();
    for (var entry : offsets.entrySet()) {
      var reason = entry.getKey().equals("UNKNOWN_VERSION") ? "UNKNOWN_TYPE" : entry.getKey();
      var letter = bySourceOffset(letters, entry.getValue());
      assertThat(letter.path("reason").asText()).as(entry.getKey()).isEqualTo(reason);
      assertThat(letter.path("sourceTopic").asText()).isEqualTo(MemlogTopics.EVENTS);
      assertThat(letter.path("sourcePartition").asInt()).isEqualTo(home);
      assertThat(letter.path("error").asText()).isNotBlank();
    }
    assertThat(metrics).containsPattern("memlog_projector_dead_letters_total\\{reason=\"UNKNOWN_TYPE\"} 2\\.0")
        .containsPattern("memlog_projector_dead_letters_total\\{reason=\"NOT_JSON\"} 1\\.0")
        .containsPattern("memlog_projector_dead_letters_total\\{reason=\"SCHEMA_VIOLATION\"} 1\\.0")
        .containsPattern("memlog_projector_dead_letters_total\\{reason=\"TOO_LARGE\"} 1\\.0")
        .containsPattern("memlog_projector_dead_letters_total\\{reason=\"NOT_UTF8\"} 1\\.0");

    var missing = bySourceOffset(letters, offsets.get("SCHEMA_VIOLATION"));
    var unfixed = bySourceOffset(letters, offsets.get("UNKNOWN_VERSION"));
    var fixed = dir.resolve("fixed.json");
    Files.writeString(fixed, "{\"type\":\"message.appended.v1\"," + ENVELOPE.formatted("e-missing")
        + ",\"messageId\":\"m-fixed\",\"role\":\"user\",\"content\":\"the content that was missing\"}");

    var stillInvalid = dlq("republish", "--partition", unfixed.path("partition").asText(),
        "--offset", unfixed.path("offset").asText());
    var republished = dlq("republish", "--partition", missing.path("partition").asText(),
        "--offset", missing.path("offset").asText(), "--file", fixed.toString());
    var listed = dlq("list", "--reason", "SCHEMA_VIOLATION");

    assertThat(stillInvalid.exitCode()).as(stillInvalid.output()).isEqualTo(2);
    assertThat(republished.exitCode()).as(republished.output()).isZero();
    assertThat(listed.output()).contains("SCHEMA_VIOLATION").contains("@" + offsets.get("SCHEMA_VIOLATION"))
        .doesNotContain("NOT_JSON");
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(messageIds(http)).containsExactlyInAnyOrder("m-before", "m-after", "m-fixed"));
  }

  @Test
  void shouldDeadLetterACompressedRecordTooLargeToForwardAsABoundedEnvelopeAndApplyTheEventAfterIt()
      throws Exception {
    // Given a node with the default largest event (so the projector's producer sends up to 1 MiB + 64 KiB)
    node = MemlogNode.start(NodeConfig.fromEnv(Map.of("MEMLOG_DATA_DIR", dir.resolve("node").toString(),
        "MEMLOG_HTTP_PORT", "0", "MEMLOG_BROKER_PORT", "0", "MEMLOG_PARTITIONS", "" + PARTITIONS)));
    var http = new NodeHttp(node);
    var key = EventKey.conversation("acme", "c-9").bytes();
    int home = MemlogTopics.partitionFor(key, PARTITIONS);
    var huge = utf8("{\"type\":\"message.appended.v1\"," + ENVELOPE.formatted("e-huge")
        + ",\"messageId\":\"m-huge\",\"role\":\"user\",\"content\":\"" + "x".repeat(2_000_000) + "\"}");

    // When a 2 MB event, which the broker accepts because lz4 makes it small, is followed by a valid one
    long hugeOffset;
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * huge.length),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      send(producer, home, key, codec.encode(events.conversationStarted("c-9", "Oversized")));
      hugeOffset = send(producer, home, key, huge);
      send(producer, home, key, codec.encode(events.messageAppended("c-9", "m-after", Role.USER, "after")));
    }

    // Then the partition moves on, and the dead letter is a bounded envelope naming the original
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(messageIds(http)).containsExactly("m-after"));
    var letter = await().atMost(PATIENCE).until(() -> deadLetterFrom(http, hugeOffset), java.util.Objects::nonNull);
    var record = new DeadLetterTopic(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
        MemlogTopics.DEAD_LETTERS).read(letter.path("partition").asInt(), letter.path("offset").asLong())
        .orElseThrow();
    assertThat(header(record, DeadLetters.REASON)).isEqualTo("TOO_LARGE");
    assertThat(header(record, DeadLetters.PARTITION)).isEqualTo("" + home);
    assertThat(header(record, DeadLetters.OFFSET)).isEqualTo("" + hugeOffset);
    assertThat(header(record, DeadLetters.ORIGINAL_SIZE)).isEqualTo("" + huge.length);
    assertThat(header(record, DeadLetters.ORIGINAL_SHA256))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(huge)));
    assertThat(record.value().length).isLessThanOrEqualTo(EventCodec.DEFAULT_MAX_EVENT_BYTES);
    assertThat(huge).startsWith(record.value());
    await().atMost(PATIENCE).untilAsserted(() ->
        assertThat(http.get("/health").json().path("status").asText()).isEqualTo("UP"));
  }

  private static JsonNode deadLetterFrom(NodeHttp http, long sourceOffset) {
    for (var letter : http.get("/v1/admin/dead-letters?limit=100").json().path("deadLetters")) {
      if (letter.path("sourceOffset").asLong() == sourceOffset) {
        return letter;
      }
    }
    return null;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private Cli dlq(String... args) {
    var output = new StringWriter();
    var commandLine = MemlogApp.commandLine();
    commandLine.setOut(new PrintWriter(output));
    commandLine.setErr(new PrintWriter(output));
    var all = new java.util.ArrayList<String>(java.util.List.of("dlq"));
    all.addAll(java.util.List.of(args));
    all.addAll(java.util.List.of("--bootstrap-servers", node.bootstrapServers()));
    int exit = commandLine.execute(all.toArray(String[]::new));
    return new Cli(exit, output.toString());
  }

  private record Cli(int exitCode, String output) {}

  private static java.util.List<String> messageIds(NodeHttp http) {
    var answer = http.get("/v1/tenants/acme/conversations/c-9/messages?limit=100");
    if (answer.status() != 200) {
      return java.util.List.of();
    }
    var ids = new java.util.ArrayList<String>();
    answer.json().path("messages").forEach(m -> ids.add(m.path("messageId").asText()));
    return ids;
  }

  private static JsonNode bySourceOffset(JsonNode letters, long offset) {
    for (var letter : letters) {
      if (letter.path("sourceOffset").asLong() == offset) {
        return letter;
      }
    }
    throw new AssertionError("no dead letter from offset " + offset + " in " + letters);
  }

  private static long send(KafkaProducer<byte[], byte[]> producer, int partition, byte[] key, byte[] value)
      throws Exception {
    return producer.send(new ProducerRecord<>(MemlogTopics.EVENTS, partition, key, value)).get(30, TimeUnit.SECONDS)
        .offset();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
