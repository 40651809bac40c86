package dev.memlog.bench.projection;

import dev.memlog.bench.ingest.IngestPhase;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.event.MemoryEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Writes workload events to the events topic as fast as the producer takes them, and remembers where they went. */
public final class Publisher {

  /** Events per {@code publishAll}, as the ingest phase's Java client sends them. */
  static final int BATCH = IngestPhase.BATCH;

  private final MemlogClient client;
  private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();

  public Publisher(MemlogClient client) {
    this.client = client;
  }

  /**
   * Publishes {@code count} events from {@code events}, {@link #BATCH} at a time ({@code publishAll}: the data keys of
   * a batch's new subjects are written once for the batch), and waits until all are acknowledged.
   */
  public Throughput publish(Iterator<MemoryEvent> events, long count) {
    var failure = new AtomicReference<Throwable>();
    long started = System.nanoTime();
    long sent = 0;
    var batch = new ArrayList<MemoryEvent>(BATCH);
    while (sent < count && events.hasNext()) {
      batch.add(events.next());
      sent++;
      if (batch.size() == BATCH || sent == count || !events.hasNext()) {
        client.publishAll(batch).forEach(future -> future.whenComplete((written, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          } else {
            lastOffsets.merge(written.partition(), written.offset(), Math::max);
          }
        }));
        batch.clear();
      }
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
