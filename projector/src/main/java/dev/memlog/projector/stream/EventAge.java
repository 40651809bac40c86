package dev.memlog.projector.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;

/**
 * How long after its record's timestamp in the events topic (the producer's send time, or the broker's append
 * time on a topic with {@code LogAppendTime}) an event is projected: the read model's freshness as Kafka sees it,
 * whatever {@code occurredAt} a client wrote. Registered when the topology is built, so it exists, empty, from the
 * start. A restore is not measured: its callback has no timestamps, and it replays old records on purpose.
 */
final class EventAge {

  /** Buckets from a few milliseconds (an idle node) to an hour (a node catching up after an outage). */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

  private final Timer timer;
  private final Clock clock;

  EventAge(MeterRegistry meters, Clock clock) {
    this.clock = clock;
    this.timer = Timer.builder("memlog.projector.event.age")
        .description("time from an event's record timestamp in the events topic to its projection")
        .serviceLevelObjectives(BUCKETS).register(meters);
  }

  /** An event of a record with this timestamp (epoch millis) was just projected. */
  void projected(long recordTimestamp) {
    timer.record(Duration.ofMillis(Math.max(0, clock.millis() - recordTimestamp)));
  }
}
