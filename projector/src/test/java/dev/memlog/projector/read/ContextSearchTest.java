package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context ranking on a real SQLite read model: neighbours found through the history index, snippets kept. */
class ContextSearchTest {

  @TempDir Path dir;

  private final Events melanie = Events.forTenant("acme", new EventSource("melanie", "test"));
  private final Events caroline = Events.forTenant("acme", new EventSource("caroline", "test"));
  private ProjectedReadModel model;
  private MemoryReader reader;

  @BeforeEach
  void project() {
    var history = new ArrayList<MemoryEvent>(List.of(
        melanie.messageAppended("c-7", "m-1", Role.USER, "Did you paint anything lately?"),
        caroline.messageAppended("c-7", "m-2", Role.ASSISTANT, "Yes, the lake at dawn this week"),
        melanie.messageAppended("c-7", "m-3", Role.USER, "Caroline, that sounds lovely"),
        caroline.messageAppended("c-7", "m-4", Role.ASSISTANT, "Thanks! How are the kids?"),
        melanie.messageAppended("c-7", "m-5", Role.USER, "They went camping with their dad"),
        caroline.messageAppended("c-7", "m-6", Role.ASSISTANT, "Camping is the best way to unwind"),
        melanie.messageAppended("c-7", "m-7", Role.USER, "We roasted marshmallows by the fire")));
    model = ProjectedReadModel.of(dir.resolve("memlog.db"), history);
    reader = new MemoryReader(model.shards);
  }

  @AfterEach
  void close() {
    model.close();
  }

  @Test
  void shouldRankTheAnswerToAQuestionAboutASpeakerAboveTheTurnsThatOnlyShareItsWords() {
    var question = SearchQuery.parse("What did Caroline paint last week?", SearchQuery.Mode.ANY);

    var inContext = reader.search("acme", question, SearchFilter.NONE, 3, 0);
    var bm25Alone = reader.search("acme", question.rankedBy(SearchQuery.Ranking.BM25), SearchFilter.NONE, 3, 0);

    assertThat(inContext.get(0).messageId()).isEqualTo("m-2");
    assertThat(inContext.get(0).why().speaker()).isEqualTo(1.5);
    assertThat(inContext.get(0).why().context()).isPositive();
    assertThat(inContext.get(0).snippet()).contains("<mark>week</mark>");
    assertThat(bm25Alone.get(0).messageId()).isNotEqualTo("m-2");
    assertThat(bm25Alone).allMatch(h -> h.score() == h.why().bm25());
  }

  @Test
  void shouldGiveContextOnlyToMatchesWhoseNeighbouringTurnMatchedToo() {
    // c-8: two turns about the lake side by side, then one apart from them; c-9: one turn about the lake alone
    var hits = lakeSearch("neighbours.db", List.of(
        melanie.messageAppended("c-8", "m-1", Role.USER, "Where is the lake you painted?"),
        caroline.messageAppended("c-8", "m-2", Role.ASSISTANT, "The lake is north of the town"),
        melanie.messageAppended("c-8", "m-3", Role.USER, "How were the kids today?"),
        caroline.messageAppended("c-8", "m-4", Role.ASSISTANT, "We swam in the lake"),
        melanie.messageAppended("c-9", "m-1", Role.USER, "A lake trip next month")));

    assertThat(hits).extracting(h -> h.conversationId() + "/" + h.messageId())
        .containsExactlyInAnyOrder("c-8/m-1", "c-8/m-2", "c-8/m-4", "c-9/m-1");
    assertThat(hits).filteredOn(h -> h.conversationId().equals("c-8") && !h.messageId().equals("m-4"))
        .allMatch(h -> h.why().context() > 0);
    assertThat(hits).filteredOn(h -> h.messageId().equals("m-4") || h.conversationId().equals("c-9"))
        .hasSize(2).allMatch(h -> h.why().context() == 0);
  }

  @Test
  void shouldReadTwoMatchesAsNeighboursWhenOnlyARedactedTurnLiesBetweenThem() {
    // c-10: a turn about the lake, a redacted turn, a turn about the lake, a turn without it, a turn about the lake
    var hits = lakeSearch("redacted.db", List.of(
        melanie.messageAppended("c-10", "m-1", Role.USER, "We swam in the lake"),
        caroline.messageAppended("c-10", "m-2", Role.ASSISTANT, "My address is 12 Elm Street"),
        caroline.messageRedacted("c-10", "m-2", "personal data"),
        caroline.messageAppended("c-10", "m-3", Role.ASSISTANT, "The lake must have been cold"),
        melanie.messageAppended("c-10", "m-4", Role.USER, "How were the kids today?"),
        caroline.messageAppended("c-10", "m-5", Role.ASSISTANT, "They want to see the lake again")));

    assertThat(hits).extracting(SearchHit::messageId).containsExactlyInAnyOrder("m-1", "m-3", "m-5");
    assertThat(hits).filteredOn(h -> !h.messageId().equals("m-5")).hasSize(2)
        .allMatch(h -> h.why().context() > 0);
    assertThat(hits).filteredOn(h -> h.messageId().equals("m-5")).allMatch(h -> h.why().context() == 0);
  }

  /** The hits of "lake" in a read model of its own, projected from {@code history}. */
  private List<SearchHit> lakeSearch(String file, List<MemoryEvent> history) {
    try (var other = ProjectedReadModel.of(dir.resolve(file), history)) {
      return new MemoryReader(other.shards).search("acme", SearchQuery.parse("lake", SearchQuery.Mode.ANY),
          SearchFilter.NONE, 10, 0);
    }
  }

  @Test
  void shouldPageThroughTheRankedHitsWithoutGapsOrRepeats() {
    var question = SearchQuery.parse("Caroline paint camping kids fire week", SearchQuery.Mode.ANY);

    var all = reader.search("acme", question, SearchFilter.NONE, 10, 0);
    var pages = new ArrayList<SearchHit>(reader.search("acme", question, SearchFilter.NONE, 3, 0));
    pages.addAll(reader.search("acme", question, SearchFilter.NONE, 3, 3));
    pages.addAll(reader.search("acme", question, SearchFilter.NONE, 3, 6));

    assertThat(pages).extracting(SearchHit::messageId).containsExactlyElementsOf(
        all.stream().map(SearchHit::messageId).toList());
  }
}
