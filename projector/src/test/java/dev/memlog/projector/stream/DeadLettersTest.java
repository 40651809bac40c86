package dev.memlog.projector.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.projector.sqlite.Provenance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Provenance FROM = new Provenance("memlog.events", 2, 41);
  private static final int BOUND = 1024 * 1024;

  @Test
  void shouldKeepARecordThatFitsWholeWithItsHeadersAndAddTheReasonAndSource() {
    var record = new Record<>(utf8("acme/conversation/c-1"), utf8("{not json"), 7L);
    record.headers().add("traceparent", utf8("00-abc-01"));

    var dead = DeadLetters.build(record, "NOT_JSON", "not valid JSON", FROM, BOUND);

    assertThat(dead.key()).isEqualTo(record.key());
    assertThat(dead.value()).isEqualTo(record.value());
    assertThat(dead.timestamp()).isEqualTo(7L);
    assertThat(DeadLetters.text(dead.headers(), "traceparent")).isEqualTo("00-abc-01");
    assertThat(DeadLetters.text(dead.headers(), DeadLetters.REASON)).isEqualTo("NOT_JSON");
    assertThat(DeadLetters.text(dead.headers(), DeadLetters.ERROR)).isEqualTo("not valid JSON");
    assertThat(DeadLetters.source(dead.headers())).contains(FROM);
    assertThat(dead.headers().lastHeader(DeadLetters.ORIGINAL_SIZE)).isNull();
  }

  @Test
  void shouldWrapAValueLargerThanTheBoundInAnEnvelopeWithItsSizeHashAndAPrefix() throws Exception {
    var value = utf8("{\"content\":\"" + "x".repeat(2_000_000) + "\"}");
    var record = new Record<>(utf8("acme/conversation/c-1"), value, 7L);
    record.headers().add("traceparent", utf8("00-abc-01"));

    var dead = DeadLetters.build(record, "TOO_LARGE", "event is 2000015 bytes", FROM, BOUND);

    assertThat(payloadSize(dead)).isLessThanOrEqualTo(BOUND);
    assertThat(dead.value()).hasSize(DeadLetters.PREFIX_BYTES);
    assertThat(value).startsWith(dead.value());
    assertThat(dead.key()).isEqualTo(record.key());
    assertThat(DeadLetters.text(dead.headers(), DeadLetters.REASON)).isEqualTo("TOO_LARGE");
    assertThat(DeadLetters.source(dead.headers())).contains(FROM);
    assertThat(DeadLetters.text(dead.headers(), DeadLetters.ORIGINAL_SIZE)).isEqualTo("" + value.length);
    assertThat(DeadLetters.text(dead.headers(), DeadLetters.ORIGINAL_SHA256))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
    assertThat(dead.headers().lastHeader("traceparent")).isNull();
  }

  @Test
  void shouldWrapASmallValueWhoseHeadersDoNotFitAndKeepTheEnvelopeWithinTheBound() {
    var record = new Record<>(utf8("k"), utf8("{\"type\":\"message.appended.v1\"}"), 7L);
    record.headers().add("padding", new byte[BOUND]);
    int bound = 4_000;

    var dead = DeadLetters.build(record, "PROJECTION_FAILED", "e".repeat(5_000), FROM, bound);

    assertThat(payloadSize(dead)).isLessThanOrEqualTo(bound);
    assertThat(dead.headers().lastHeader("padding")).isNull();
    assertThat(DeadLetters.text(dead.headers(), DeadLetters.ERROR)).hasSize(DeadLetters.ERROR_CHARS + 1);
    assertThat(record.value()).startsWith(dead.value());
  }

  @Test
  void shouldBoundDeadLettersByTheProducersMaxRequestSizeLessTheFramingRoom() {
    assertThat(DeadLetters.bound(Map.of("producer.max.request.size", 1_114_112, "max.request.size", "10")))
        .isEqualTo(1_114_112 - DeadLetters.FRAMING_ROOM);
    assertThat(DeadLetters.bound(Map.of("max.request.size", "2097152")))
        .isEqualTo(2_097_152 - DeadLetters.FRAMING_ROOM);
    assertThat(DeadLetters.bound(Map.of())).isEqualTo(1024 * 1024 - DeadLetters.FRAMING_ROOM);
  }

  private static int payloadSize(Record<byte[], byte[]> record) {
    int size = (record.key() == null ? 0 : record.key().length) + record.value().length;
    for (Header header : record.headers()) {
      size += utf8(header.key()).length + header.value().length;
    }
    return size;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
