package dev.memlog.ingest.client;

import dev.memlog.ingest.event.MemoryEvent;
import java.util.concurrent.CompletableFuture;

/** Something that publishes events; {@link MemlogClient} publishes them to Kafka. */
@FunctionalInterface
public interface EventPublisher {

  /**
   * Validates the event and sends it asynchronously.
   *
   * @return a future completed with where the event was written
   * @throws dev.memlog.ingest.event.InvalidEventException at once if the event breaks its schema
   */
  CompletableFuture<PublishResult> publish(MemoryEvent event);
}
