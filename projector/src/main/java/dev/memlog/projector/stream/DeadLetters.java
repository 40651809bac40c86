package dev.memlog.projector.stream;

import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.projector.sqlite.Provenance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The one place that builds a dead letter: the original record with headers that say why it was refused and where
 * it came from, or, when that would not fit in one produce request, a bounded envelope (the same headers, the
 * original's size and SHA-256, a prefix of its value). The original stays in its source topic either way, so a
 * dead letter can always be written and the partition moves on.
 */
public final class DeadLetters {

  public static final String REASON = "memlog.dlq.reason";
  public static final String ERROR = "memlog.dlq.error";
  public static final String TOPIC = "memlog.dlq.topic";
  public static final String PARTITION = "memlog.dlq.partition";
  public static final String OFFSET = "memlog.dlq.offset";
  /** Only on an envelope: the size in bytes of the original value. */
  public static final String ORIGINAL_SIZE = "memlog.dlq.original-size";
  /** Only on an envelope: the SHA-256 of the original value, in hex. */
  public static final String ORIGINAL_SHA256 = "memlog.dlq.original-sha256";

  /** The reason of a record that decoded but that the fold could not apply. */
  public static final String PROJECTION_FAILED = "PROJECTION_FAILED";

  /** Every reason the projector gives a dead letter: an invalid event's, or {@link #PROJECTION_FAILED}. */
  public static List<String> reasons() {
    var reasons = new ArrayList<String>();
    for (var reason : InvalidEventException.Reason.values()) {
      reasons.add(reason.name());
    }
    reasons.add(PROJECTION_FAILED);
    return List.copyOf(reasons);
  }

  /** The processor sink that writes dead letters. */
  static final String SINK = "dead-letters";

  /** Room left in a produce request for the batch and record framing, which the payload size does not count. */
  static final int FRAMING_ROOM = 64 * 1024;
  /** The most of the original value an envelope keeps: enough to see what it was, never the whole of it. */
  static final int PREFIX_BYTES = 16 * 1024;
  static final int ERROR_CHARS = 1_000;
  private static final int KEY_BYTES = 1_024;
  private static final int PRODUCER_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  private DeadLetters() {}

  /**
   * The dead letter of {@code record}, the record {@code context} processes now, bounded by what the task's
   * producer can send ({@code max.request.size} less {@link #FRAMING_ROOM}).
   */
  static Record<byte[], byte[]> of(ProcessingContext context, Record<byte[], byte[]> record, String reason,
      String error) {
    var from = context.recordMetadata().orElseThrow();
    return of(context, record, new Provenance(from.topic(), from.partition(), from.offset()), reason, error);
  }

  /** The dead letter of {@code record}, read from {@code from}, as {@link #of(ProcessingContext, Record, String,
   * String)} builds it. */
  static Record<byte[], byte[]> of(ProcessingContext context, Record<byte[], byte[]> record, Provenance from,
      String reason, String error) {
    return build(record, reason, error, from, bound(context.appConfigs()));
  }

  /** The largest payload (key, value and headers) a dead letter may have with these Streams settings. */
  static int bound(Map<String, Object> streamsConfig) {
    var setting = streamsConfig.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (setting == null) {
      setting = streamsConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    int maxRequestSize = setting == null ? PRODUCER_DEFAULT_MAX_REQUEST_SIZE
        : Integer.parseInt(String.valueOf(setting).strip());
    return Math.max(0, maxRequestSize - FRAMING_ROOM);
  }

  /** The dead letter of {@code record}, whole if its payload stays within {@code bound}, else an envelope. */
  static Record<byte[], byte[]> build(Record<byte[], byte[]> record, String reason, String error, Provenance from,
      int bound) {
    var whole = new Record<>(record.key(), record.value(), record.timestamp(), record.headers());
    addReason(whole.headers(), reason, error, from);
    if (payloadSize(whole) <= bound) {
      return whole;
    }
    var value = record.value() == null ? new byte[0] : record.value();
    var key = record.key() != null && record.key().length <= KEY_BYTES ? record.key() : null;
    var envelope = new Record<byte[], byte[]>(key, new byte[0], record.timestamp());
    addReason(envelope.headers(), reason, error, from);
    envelope.headers().add(ORIGINAL_SIZE, utf8(Integer.toString(value.length)));
    envelope.headers().add(ORIGINAL_SHA256, utf8(HexFormat.of().formatHex(sha256(value))));
    int room = Math.max(0, bound - payloadSize(envelope));
    return envelope.withValue(Arrays.copyOf(value, Math.min(value.length, Math.min(PREFIX_BYTES, room))));
  }

  /** Where the dead letter with these headers came from, if it says. */
  public static Optional<Provenance> source(Headers headers) {
    var topic = text(headers, TOPIC);
    var partition = text(headers, PARTITION);
    var offset = text(headers, OFFSET);
    if (topic == null || partition == null || offset == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Provenance(topic, Integer.parseInt(partition), Long.parseLong(offset)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The value of the last header {@code name}, as UTF-8, or null. */
  public static String text(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void addReason(Headers headers, String reason, String error, Provenance from) {
    var message = String.valueOf(error);
    headers.add(REASON, utf8(reason));
    headers.add(ERROR, utf8(message.length() > ERROR_CHARS ? message.substring(0, ERROR_CHARS) + "…" : message));
    headers.add(TOPIC, utf8(from.topic()));
    headers.add(PARTITION, utf8(Integer.toString(from.partition())));
    headers.add(OFFSET, utf8(Long.toString(from.offset())));
  }

  private static int payloadSize(Record<byte[], byte[]> record) {
    long size = length(record.key()) + length(record.value());
    for (Header header : record.headers()) {
      size += utf8(header.key()).length + length(header.value());
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static byte[] utf8(String text) {
    return String.valueOf(text).getBytes(StandardCharsets.UTF_8);
  }
}
