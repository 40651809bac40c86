package dev.memlog.projector.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records sent to the dead-letter topic, counted by reason ({@code memlog.projector.dead.letters}): a counter
 * for every reason exists, at 0, from the moment the topology is built, so an alert on its rate has a series to
 * read before the first dead letter.
 */
final class DeadLetterCounters {

  /** The reason of a record that decoded but that the fold could not apply. */
  static final String PROJECTION_FAILED = DeadLetters.PROJECTION_FAILED;

  private final Map<String, Counter> counters = new TreeMap<>();

  DeadLetterCounters(MeterRegistry meters) {
    for (var reason : DeadLetters.reasons()) {
      register(meters, reason);
    }
  }

  /** One more record sent to the dead letters for {@code reason}. */
  void increment(String reason) {
    counters.get(reason).increment();
  }

  private void register(MeterRegistry meters, String reason) {
    counters.put(reason, Counter.builder("memlog.projector.dead.letters").tag("reason", reason)
        .description("records sent to the dead-letter topic").register(meters));
  }
}
