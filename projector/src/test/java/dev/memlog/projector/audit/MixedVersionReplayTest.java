package dev.memlog.projector.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.Attachment;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.projector.read.AsOf;
import dev.memlog.projector.read.MemoryReader;
import dev.memlog.projector.view.MessageView;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.ReadConnections;
import dev.memlog.projector.read.TimeWindow;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log written partly with message.appended.v1 and partly with v2 replays, and replays the same way twice. */
class MixedVersionReplayTest {

  private static final String ENVELOPE = """
      "tenant":"acme","source":{"agentId":"bot"},"conversationId":"c-1","role":"user",""";
  private static final List<String> LOG = List.of(
      "{\"type\":\"message.appended.v1\",\"eventId\":\"e-1\",\"occurredAt\":\"2026-11-01T10:00:00Z\","
          + ENVELOPE + "\"messageId\":\"m-1\",\"content\":\"written before v2 existed\"}",
      "{\"type\":\"message.appended.v2\",\"eventId\":\"e-2\",\"occurredAt\":\"2026-11-01T10:01:00Z\","
          + ENVELOPE + "\"messageId\":\"m-2\",\"content\":\"with a photo\",\"tokenCount\":3,"
          + "\"attachments\":[{\"name\":\"kettle.png\",\"mediaType\":\"image/png\"}]}",
      "{\"type\":\"message.appended.v1\",\"eventId\":\"e-3\",\"occurredAt\":\"2026-11-01T10:02:00Z\","
          + ENVELOPE + "\"messageId\":\"m-3\",\"content\":\"an old client again\"}");

  @TempDir Path dir;

  private final EventCodec codec = new EventCodec();

  @Test
  void shouldProjectAMixedV1AndV2LogTheSameWayOnEveryReplay() {
    var first = replay("first");
    var second = replay("second");

    try (var reads = ReadConnections.open(SqliteDatabase.open(dir.resolve("first.db")), 1,
        new SimpleMeterRegistry())) {
      var messages = new MemoryReader(LocalShards.single(dir.resolve("first.db"), reads)).messages("acme", "c-1", TimeWindow.ALL, AsOf.NOW, false, null, 10)
          .items();

      assertThat(messages).extracting(MessageView::tokenCount).containsExactly(null, 3, null);
      assertThat(messages.get(1).attachments()).containsExactly(new Attachment("kettle.png", "image/png", null,
          null));
      assertThat(messages.get(0).attachments()).isEmpty();
    }
    assertThat(first.total()).isEqualTo(second.total());
  }

  private Checksum replay(String name) {
    var database = SqliteDatabase.open(dir.resolve(name + ".db"));
    try (var writer = ProjectionWriter.open(database, WriterSettings.DEFAULTS, new SimpleMeterRegistry(),
        Clock.systemUTC())) {
      for (int offset = 0; offset < LOG.size(); offset++) {
        var event = codec.decode(LOG.get(offset).getBytes(StandardCharsets.UTF_8));
        writer.apply(event, new Provenance("memlog.events", 0, offset));
      }
    }
    return ReadModelChecksum.of(database);
  }
}
