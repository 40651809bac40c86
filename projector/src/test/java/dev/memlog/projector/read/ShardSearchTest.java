package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.Role;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteDatabase;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One shard's two search reads, the candidates and then the page's snippets, with writes between them. */
class ShardSearchTest {

  @TempDir Path dir;

  private final Events acme = Events.forTenant("acme", new EventSource("bot", "test"));

  @Test
  void shouldNotGiveAHitTheSnippetOfTheMessageThatTookItsRowidAfterItWasForgotten() throws SQLException {
    // Given acme's newest message, in a conversation of its own, among the candidates of a search
    var file = dir.resolve("memlog.db");
    try (var model = ProjectedReadModel.of(file, List.of(
        acme.messageAppended("c-1", "m-1", Role.USER, "an old kettle"),
        acme.messageAppended("c-2", "m-1", Role.USER, "the newest kettle")))) {
      var kettle = SearchQuery.parse("kettle", SearchQuery.Mode.ANY);
      var page = ShardSearch.ranked(model.reads(), "acme", kettle, SearchFilter.NONE, 10);
      var newest = page.stream().filter(r -> r.candidate().conversationId().equals("c-2")).findFirst().orElseThrow();

      // When its conversation is forgotten and a new message takes its rowid before the page's snippets are read
      try (var writer = ProjectionWriter.open(SqliteDatabase.open(file), WriterSettings.DEFAULTS,
          new SimpleMeterRegistry(), Clock.systemUTC())) {
        writer.apply(acme.conversationForgotten("c-2", "asked"), new Provenance("memlog.events", 0, 2));
        writer.apply(acme.messageAppended("c-3", "m-1", Role.USER, "a kettle said later"),
            new Provenance("memlog.events", 0, 3));
      }
      long taken = model.reads().query("search-candidates", rows -> {
        rows.next();
        return rows.getLong(1);
      }, "\"later\"", "acme", 1, null, null, null, null, null);
      assertThat(taken).isEqualTo(newest.candidate().rowId());
      var hits = ShardSearch.hits(model.reads(), kettle, page);

      // Then the forgotten message's hit has no snippet, and surely not the new message's
      var forgottenHit = hits.stream().filter(h -> h.conversationId().equals("c-2")).findFirst().orElseThrow();
      assertThat(forgottenHit.snippet()).isNull();
      assertThat(forgottenHit.matchedTerms()).isEmpty();
      var oldHit = hits.stream().filter(h -> h.conversationId().equals("c-1")).findFirst().orElseThrow();
      assertThat(oldHit.snippet()).isEqualTo("an old <mark>kettle</mark>");
    }
  }
}
