package dev.memlog.projector.deadletter;

import dev.memlog.projector.stream.DeadLetters;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A record of the dead-letter topic as an operator reads it: where it is, why it was refused, where it came from.
 *
 * @param partition the dead letter's partition in the dead-letter topic
 * @param offset the dead letter's offset there: with the partition, what {@code dlq republish} takes
 * @param timestamp when it was refused
 * @param reason the {@code memlog.dlq.reason} header (e.g. NOT_JSON, SCHEMA_VIOLATION)
 * @param error the {@code memlog.dlq.error} header
 * @param sourceTopic the topic it was first written to
 * @param sourcePartition its partition there, null if the header is missing
 * @param sourceOffset its offset there, null if the header is missing
 * @param key the record key as text (invalid UTF-8 replaced), null without a key
 * @param valueBytes the size of the value
 * @param valuePreview the start of the value as text, invalid UTF-8 replaced
 */
public record DeadLetter(int partition, long offset, Instant timestamp, String reason, String error,
    String sourceTopic, Integer sourcePartition, Long sourceOffset, String key, int valueBytes,
    String valuePreview) {

  static final int PREVIEW_CHARS = 160;

  static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
    var headers = record.headers();
    var value = record.value() == null ? new byte[0] : record.value();
    return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
        header(headers, DeadLetters.REASON), header(headers, DeadLetters.ERROR), header(headers, DeadLetters.TOPIC),
        number(header(headers, DeadLetters.PARTITION), Integer::valueOf),
        number(header(headers, DeadLetters.OFFSET), Long::valueOf),
        record.key() == null ? null : lenient(record.key(), 256), value.length, lenient(value, PREVIEW_CHARS));
  }

  private static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static <T> T number(String text, java.util.function.Function<String, T> parse) {
    try {
      return text == null ? null : parse.apply(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The bytes as UTF-8 text with invalid sequences replaced, control characters escaped, cut to {@code max}. */
  static String lenient(byte[] bytes, int max) {
    try {
      var text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
      var cut = text.length() > max ? text.substring(0, max) + "…" : text;
      var out = new StringBuilder(cut.length());
      cut.codePoints().forEach(c -> {
        if (c < 0x20) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
        } else {
          out.appendCodePoint(c);
        }
      });
      return out.toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }
}
