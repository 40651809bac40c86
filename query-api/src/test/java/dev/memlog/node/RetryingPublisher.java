package dev.memlog.node;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.event.MemoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a list of events in the background, in paced chunks, through a broker that may go away: the client
 * waits up to its delivery timeout, and an event that still failed is published again, with its event id, until
 * it is acknowledged. What an agent runtime does when memlog's broker restarts under it.
 */
final class RetryingPublisher implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(RetryingPublisher.class);
  private static final int DELIVERY_TIMEOUT_MS = 20_000;

  private final MemlogClient client;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    var started = new Thread(runnable, "crash-publisher");
    started.setDaemon(true);
    return started;
  });
  private final AtomicInteger submitted = new AtomicInteger();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong republished = new AtomicLong();
  private final CountDownLatch held = new CountDownLatch(1);
  private Future<?> running;

  RetryingPublisher(String bootstrapServers, int partitions) {
    this.client = MemlogClient.builder().bootstrapServers(bootstrapServers).partitions(partitions)
        .producerProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS)
        .producerProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)
        .producerProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT_MS)
        .producerProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500)
        .build();
  }

  /**
   * Starts publishing {@code events}, {@code chunk} at a time with {@code pause} between chunks; the events from
   * index {@code holdFrom} on wait for {@link #resume()}, so that the ingest is certainly not over before then.
   */
  RetryingPublisher start(List<MemoryEvent> events, int chunk, Duration pause, int holdFrom) {
    running = thread.submit(() -> {
      var pending = new ArrayList<Sent>();
      for (int from = 0; from < events.size(); from += chunk) {
        if (from >= holdFrom) {
          held.await();
        }
        for (var event : events.subList(from, Math.min(events.size(), from + chunk))) {
          pending.add(new Sent(event, client.publish(event)));
          submitted.incrementAndGet();
        }
        if (from < holdFrom) {
          pace(pause);
        }
      }
      settle(pending);
      return null;
    });
    return this;
  }

  /** Lets the held part of the ingest go. */
  void resume() {
    held.countDown();
  }

  /** Publishes {@code events} again (same event ids) and waits until each is acknowledged. */
  void publishAgain(List<MemoryEvent> events) {
    var sent = new ArrayList<Sent>();
    events.forEach(event -> sent.add(new Sent(event, client.publish(event))));
    settle(sent);
  }

  /** Waits until every event given to {@link #start} has been acknowledged. */
  void awaitDone(Duration timeout) throws Exception {
    running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean done() {
    return running != null && running.isDone();
  }

  int submitted() {
    return submitted.get();
  }

  /** Acknowledged publications, counting an event published again each time. */
  long acknowledged() {
    return acknowledged.get();
  }

  /** Events whose publication failed and that were published again. */
  long republished() {
    return republished.get();
  }

  @Override
  public void close() {
    thread.shutdownNow();
    client.close();
  }

  private void settle(List<Sent> sent) {
    var pending = sent;
    while (!pending.isEmpty()) {
      var failed = new ArrayList<Sent>();
      for (var each : pending) {
        try {
          each.result().join();
          acknowledged.incrementAndGet();
        } catch (CompletionException e) {
          failed.add(each);
        }
      }
      if (!failed.isEmpty()) {
        LOGGER.atInfo().addKeyValue("events", failed.size()).log("publishing again what the broker did not acknowledge");
        republished.addAndGet(failed.size());
      }
      pending = failed.stream().map(each -> new Sent(each.event(), client.publish(each.event()))).toList();
    }
  }

  /** Spreads the ingest over time so that a crash finds it in flight; a pace, not a wait for a condition. */
  private static void pace(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("publisher interrupted", e);
    }
  }

  private record Sent(MemoryEvent event, CompletableFuture<?> result) {}
}
