package dev.memlog.projector.failure;

import dev.memlog.projector.stream.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the projector's Kafka Streams exception handlers report to. Kafka Streams creates the handlers from their
 * class names, so this reaches them through the Streams config, under {@link #CONFIG}.
 *
 * @param deadLetterTopic the dead-letter topic, whose records a failed send must not stop the thread for
 * @param stuck told which records failed
 * @param meters where failed dead letters are counted
 */
public record FailureHandlerDeps(String deadLetterTopic, StuckRecords stuck, MeterRegistry meters) {

  /** The Streams config entry that holds this object. */
  public static final String CONFIG = "memlog.failure.handler.deps";

  public FailureHandlerDeps {
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(stuck, "stuck");
    Objects.requireNonNull(meters, "meters");
    // at 0 from the start, so that an alert on their increase sees the first
    for (var reason : DeadLetters.reasons()) {
      DeadLetterSendHandler.failed(meters, reason);
    }
  }

  /** The object in the Streams config a handler was configured with. */
  static FailureHandlerDeps from(Map<String, ?> configs) {
    if (configs.get(CONFIG) instanceof FailureHandlerDeps deps) {
      return deps;
    }
    throw new ConfigException(CONFIG, configs.get(CONFIG), "the projector's exception handlers need it");
  }
}
