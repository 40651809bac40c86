package dev.memlog.projector.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers that say why a record became a dead letter and where it came from. */
public final class DeadLetters {

  public static final String REASON = "memlog.dlq.reason";
  public static final String ERROR = "memlog.dlq.error";
  public static final String TOPIC = "memlog.dlq.topic";
  public static final String PARTITION = "memlog.dlq.partition";
  public static final String OFFSET = "memlog.dlq.offset";

  /** The processor sink that writes dead letters. */
  static final String SINK = "dead-letters";

  private DeadLetters() {}

  /** The original headers plus reason, error message and source position. */
  static Headers headers(Headers original, String reason, String error, RecordMetadata from) {
    var headers = new RecordHeaders(original.toArray());
    headers.add(REASON, bytes(reason));
    headers.add(ERROR, bytes(error));
    headers.add(TOPIC, bytes(from.topic()));
    headers.add(PARTITION, bytes(Integer.toString(from.partition())));
    headers.add(OFFSET, bytes(Long.toString(from.offset())));
    return headers;
  }

  private static byte[] bytes(String text) {
    return String.valueOf(text).getBytes(StandardCharsets.UTF_8);
  }
}
