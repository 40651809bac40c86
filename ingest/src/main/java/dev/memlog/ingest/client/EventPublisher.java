package dev.memlog.ingest.client;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import java.util.List;
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

  /**
   * Validates and sends several events, in order; by default one {@link #publish(MemoryEvent)} after the other.
   *
   * @return one future per event, in the same order
   * @throws dev.memlog.ingest.event.InvalidEventException at once if an event breaks its schema (the events before
   *     it may have been sent)
   */
  default List<CompletableFuture<PublishResult>> publishAll(List<? extends MemoryEvent> events) {
    return events.stream().map(this::publish).toList();
  }

  /**
   * Sends events already checked against their schemas ({@link EventCodec#read}), in
   * order, without checking them again; by default {@link #publishAll} of their events.
   *
   * @return one future per event, in the same order
   */
  default List<CompletableFuture<PublishResult>> publishValidated(List<EventCodec.Validated> events) {
    return publishAll(events.stream().map(EventCodec.Validated::event).toList());
  }
}
