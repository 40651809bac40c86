package dev.memlog.projector.read;

import dev.memlog.projector.view.MessageView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryReaderTest {

  @TempDir Path dir;

  private ProjectedReadModel model;
  private MemoryReader reader;
  private GraphReader graph;

  @BeforeEach
  void project() {
    var ticks = new java.util.concurrent.atomic.AtomicLong();
    var clock = new Clock() {
      @Override
      public java.time.Instant instant() {
        return java.time.Instant.parse("2026-11-01T00:00:00Z").plusSeconds(ticks.incrementAndGet());
      }

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    var acme = new Events("acme", new EventSource("bot", "test"), clock, () -> "e-" + ticks.get());
    var other = Events.forTenant("globex", new EventSource("bot", "test"));
    var history = new ArrayList<MemoryEvent>(List.of(
        acme.messageAppended("c-1", "m-1", Role.USER, "My red kettle was never delivered to my flat"),
        acme.messageAppended("c-1", "m-2", Role.ASSISTANT, "I am sorry, the courier lost the parcel"),
        acme.messageAppended("c-2", "m-1", Role.USER, "The kettle works fine now"),
        other.messageAppended("c-9", "m-1", Role.USER, "Globex kettle never delivered either")));
    history.add(acme.messageAppended("c-5", "m-1", Role.USER, "draft one"));
    history.add(acme.messageEdited("c-5", "m-1", "draft two"));
    history.add(acme.messageEdited("c-5", "m-1", "draft three"));
    history.add(acme.messageAppended("c-5", "m-2", Role.USER, "my card is 4111"));
    history.add(acme.messageEdited("c-5", "m-2", "my card is 4111 1111"));
    history.add(acme.messageRedacted("c-5", "m-2", "card number"));
    for (int i = 0; i < 25; i++) {
      history.add(acme.messageAppended("c-3", String.format("m-%02d", i), Role.USER, "line " + i));
    }
    model = ProjectedReadModel.of(dir.resolve("memlog.db"), history);
    reader = new MemoryReader(model.shards);
    graph = new GraphReader(model.shards);
  }

  @AfterEach
  void close() {
    model.close();
  }

  @Test
  void shouldFindTheMessageMatchingMostWordsOfAQuestionEvenIfAWordIsMissing() {
    var query = SearchQuery.parse("why was my red kettle never delivered by the postman?", SearchQuery.Mode.ANY);

    var hits = reader.search("acme", query, SearchFilter.NONE, 10, 0);

    assertThat(hits).extracting(SearchHit::conversationId, SearchHit::messageId)
        .first().isEqualTo(org.assertj.core.groups.Tuple.tuple("c-1", "m-1"));
    assertThat(hits).extracting(SearchHit::conversationId).doesNotContain("c-9");
    assertThat(hits.get(0).snippet()).contains("<mark>kettle</mark>");
    assertThat(hits.get(0).matchedTerms()).contains("red", "kettle", "delivered");
  }

  @Test
  void shouldSearchOnlyTheCallersTenantWhereBothUseTheWord() {
    var acmeHits = reader.search("acme", SearchQuery.parse("kettle either", SearchQuery.Mode.ANY), SearchFilter.NONE,
        10, 0);
    var globexHits = reader.search("globex", SearchQuery.parse("kettle", SearchQuery.Mode.ANY), SearchFilter.NONE,
        10, 0);

    assertThat(acmeHits).extracting(SearchHit::conversationId).containsExactlyInAnyOrder("c-1", "c-2");
    assertThat(globexHits).extracting(SearchHit::conversationId).containsExactly("c-9");
    assertThat(globexHits.get(0).snippet()).contains("<mark>kettle</mark>");
  }

  @Test
  void shouldFindNothingInAnotherTenant() {
    var hits = reader.search("initech", SearchQuery.parse("kettle", SearchQuery.Mode.ANY), SearchFilter.NONE, 10, 0);

    assertThat(hits).isEmpty();
  }

  @Test
  void shouldPageThroughAConversationWithoutGapsOrRepeats() {
    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var page = reader.messages("acme", "c-3", TimeWindow.ALL, AsOf.NOW, false, cursor, 10);
      page.items().forEach(m -> seen.add(m.messageId()));
      cursor = page.nextCursor();
    } while (cursor != null);

    assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void shouldRefuseACursorItDidNotGiveOut() {
    assertThatThrownBy(() -> reader.messages("acme", "c-3", TimeWindow.ALL, AsOf.NOW, false, "not-a-cursor!", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
  }

  @Test
  void shouldPageNewestFirstWithinATimeWindow() {
    var all = reader.messages("acme", "c-3", TimeWindow.ALL, AsOf.NOW, false, null, 100).items();
    var window = new TimeWindow(all.get(5).occurredAt(), all.get(15).occurredAt());
    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var page = reader.messages("acme", "c-3", window, AsOf.NOW, true, cursor, 4);
      page.items().forEach(m -> seen.add(m.messageId()));
      cursor = page.nextCursor();
    } while (cursor != null);

    var expected = new ArrayList<>(all.subList(5, 15).stream().map(MessageView::messageId).toList());
    java.util.Collections.reverse(expected);
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void shouldFilterSearchByConversationAndRole() {
    var query = SearchQuery.parse("kettle", SearchQuery.Mode.ANY);

    var inC2 = reader.search("acme", query, new SearchFilter("c-2", null, null, null), 10, 0);
    var byAssistant = reader.search("acme", query, new SearchFilter(null, "assistant", null, null), 10, 0);

    assertThat(inC2).extracting(SearchHit::conversationId).containsOnly("c-2");
    assertThat(byAssistant).isEmpty();
    var kettleOrCourier = SearchQuery.parse("kettle courier", SearchQuery.Mode.ANY);
    assertThat(reader.search("acme", kettleOrCourier, new SearchFilter(null, "assistant", null, null), 10, 0))
        .extracting(h -> h.conversationId() + "/" + h.messageId()).containsExactly("c-1/m-2");
    assertThat(reader.search("acme", kettleOrCourier, new SearchFilter(null, "user", "bot", null), 10, 0))
        .extracting(h -> h.conversationId() + "/" + h.messageId()).containsExactlyInAnyOrder("c-1/m-1", "c-2/m-1");
    assertThat(reader.search("acme", kettleOrCourier, new SearchFilter(null, null, "someone-else", null), 10, 0))
        .isEmpty();
  }

  @Test
  void shouldReadAConversationAsItWasAtAPastTimeOrOffset() {
    var now = reader.messages("acme", "c-5", TimeWindow.ALL, AsOf.NOW, false, null, 10).items();
    var firstEditAt = now.get(0).occurredAt().plusSeconds(1);

    var atFirstEdit = reader.messages("acme", "c-5", TimeWindow.ALL, new AsOf(firstEditAt, null), false, null, 10)
        .items();
    var atFirstOffset = reader.messages("acme", "c-5", TimeWindow.ALL, new AsOf(null, 4L), false, null, 10)
        .items();

    assertThat(now).extracting(MessageView::content).containsExactly("draft three", null);
    assertThat(atFirstEdit).extracting(MessageView::content).containsExactly("draft two");
    assertThat(atFirstOffset).extracting(MessageView::content).containsExactly("draft one");
  }
}
