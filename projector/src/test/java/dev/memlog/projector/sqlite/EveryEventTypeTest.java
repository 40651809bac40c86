package dev.memlog.projector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fold must handle every event type the schema has: a new record without a projection fails here. */
class EveryEventTypeTest {

  @TempDir Path dir;

  @Test
  void shouldApplyEveryPermittedEventType() {
    var samples = samples();
    var sampledTypes = samples.stream().map(Object::getClass).collect(Collectors.toSet());
    assertThat(concreteTypes(MemoryEvent.class)).allSatisfy(type -> assertThat(sampledTypes).contains(type));

    try (var writer = ProjectionWriter.open(SqliteDatabase.open(dir.resolve("memlog.db")), WriterSettings.DEFAULTS,
        new SimpleMeterRegistry(), Clock.systemUTC())) {
      long offset = 0;
      for (var event : samples) {
        var from = new Provenance("memlog.events", 0, offset++);
        assertThatCode(() -> writer.apply(event, from)).as(event.type()).doesNotThrowAnyException();
      }
    }
  }

  private static List<MemoryEvent> samples() {
    var e = Events.forTenant("acme", new EventSource("bot", "test"));
    return List.of(
        e.conversationStarted("c-1", "title"),
        e.messageAppended("c-1", "m-1", Role.USER, "hello"),
        e.messageEdited("c-1", "m-1", "hello again"),
        e.messageRedacted("c-1", "m-1", "why"),
        e.entityMentioned("c-1", "m-1", "x"),
        e.conversationForgotten("c-1", "why"),
        e.entityUpserted("x", "thing", "X", Map.of()),
        e.relationAsserted("x", "knows", "y", 0.5),
        e.entityForgotten("x", "why"));
  }

  private static List<Class<?>> concreteTypes(Class<?> root) {
    var found = new ArrayList<Class<?>>();
    if (root.isRecord()) {
      found.add(root);
    } else {
      Arrays.stream(root.getPermittedSubclasses()).forEach(sub -> found.addAll(concreteTypes(sub)));
    }
    return found;
  }
}
