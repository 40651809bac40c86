package dev.memlog.bench.projection;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.event.MemoryEvent;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Writes workload events to the events topic as fast as the producer takes them, and remembers where they went. */
public final class Publisher {

  private final MemlogClient client;
  private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();

  public Publisher(MemlogClient client) {
    this.client = client;
  }

  /** Publishes {@code count} events from {@code events} and waits until all are acknowledged. */
  public Throughput publish(Iterator<MemoryEvent> events, long count) {
    var failure = new AtomicReference<Throwable>();
    long started = System.nanoTime();
    long sent = 0;
    for (; sent < count && events.hasNext(); sent++) {
      client.publish(events.next()).whenComplete((written, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else {
          lastOffsets.merge(written.partition(), written.offset(), Math::max);
        }
      });
    }
    client.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("publishing failed", failure.get());
    }
    return new Throughput(sent, (System.nanoTime() - started) / 1e9, Double.NaN, Double.NaN);
  }

  /** The highest offset written to each partition so far. */
  public Map<Integer, Long> lastOffsets() {
    return Map.copyOf(lastOffsets);
  }
}
