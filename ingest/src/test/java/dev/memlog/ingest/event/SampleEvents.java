package dev.memlog.ingest.event;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One sample of every event type, and the walk over the sealed hierarchy that finds them all. */
final class SampleEvents {

  private SampleEvents() {}

  static Events events() {
    var counter = new AtomicInteger();
    return new Events("acme", new EventSource("support-bot", "langgraph"),
        Clock.fixed(Instant.parse("2026-11-21T10:15:30.123456Z"), ZoneOffset.UTC),
        () -> "evt-" + counter.incrementAndGet());
  }

  static List<MemoryEvent> oneOfEach() {
    var e = events();
    return List.of(
        e.conversationStarted("c-1", "Order 1234 never arrived"),
        e.messageAppended("c-1", "m-1", Role.USER, "My order 1234 never arrived", 7,
            List.of(new Attachment("receipt.pdf", "application/pdf", "s3://bucket/receipt.pdf", 1024L))),
        e.messageEdited("c-1", "m-1", "My order 1234 never arrived, it was a kettle"),
        e.messageRedacted("c-1", "m-1", "contained an address"),
        e.conversationForgotten("c-1", "user asked"),
        e.entityUpserted("order-1234", "order", "Order 1234", Map.of("status", "lost")),
        e.relationAsserted("customer-7", "placed", "order-1234", 0.9),
        e.entityMentioned("c-1", "m-1", "order-1234"),
        e.entityForgotten("order-1234", null));
  }

  /** Every concrete record under {@link MemoryEvent}, found by walking the permitted subclasses. */
  static List<Class<?>> concreteTypes() {
    var found = new ArrayList<Class<?>>();
    walk(MemoryEvent.class, found);
    return found;
  }

  private static void walk(Class<?> type, List<Class<?>> found) {
    if (type.isRecord()) {
      found.add(type);
      return;
    }
    Arrays.stream(type.getPermittedSubclasses()).forEach(sub -> walk(sub, found));
  }
}
