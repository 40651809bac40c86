package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.memlog.projector.sqlite.Micros;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextRankingTest {

  private static SearchQuery question(String text) {
    return SearchQuery.parse(text, SearchQuery.Mode.ANY);
  }

  private static SearchCandidate turn(long row, String agent, double bm25, Long previous, Long next) {
    return new SearchCandidate(row, "c-1", "m-" + row, "user", agent, row, bm25, previous, next);
  }

  @Test
  void shouldRaiseATurnByTheBetterOfItsMatchingNeighbours() {
    var candidates = List.of(turn(1, "a", 4.0, null, 2L), turn(2, "b", 1.5, 1L, 3L), turn(3, "a", 3.0, 9L, 10L));

    var ranked = ContextRanking.rank(candidates, question("x"));

    assertThat(ranked).extracting(r -> r.candidate().rowId()).containsExactly(1L, 2L, 3L);
    assertThat(ranked.get(1).score()).isCloseTo(1.5 + 0.5 * 4.0, within(1e-9));
    assertThat(ranked.get(1).why()).isEqualTo(new SearchHit.Why(1.5, 2.0, 1, 1));
    assertThat(ranked.get(2).why().context()).as("rows 9 and 10 did not match").isZero();
  }

  @Test
  void shouldFavourTheTurnsOfTheSpeakerTheQuestionNames() {
    var candidates = List.of(turn(1, "melanie", 3.0, null, null), turn(5, "caroline", 2.5, null, null));

    var ranked = ContextRanking.rank(candidates, question("What did Caroline paint?"));

    assertThat(ranked).extracting(r -> r.candidate().agentId()).containsExactly("caroline", "melanie");
    assertThat(ranked.get(0).why()).isEqualTo(new SearchHit.Why(2.5, 0, 1.5, 1));
  }

  @Test
  void shouldFavourTheMessagesOfTheMonthTheQuestionNames() {
    long june = Micros.of(Instant.parse("2023-06-20T10:00:00Z"));
    long july = Micros.of(Instant.parse("2023-07-02T10:00:00Z"));
    var candidates = List.of(new SearchCandidate(1, "c-1", "m-1", "user", "a", july, 3.0, null, null),
        new SearchCandidate(2, "c-1", "m-2", "user", "a", june, 2.5, null, null));

    var ranked = ContextRanking.rank(candidates, question("When did Melanie go camping in June?"));

    assertThat(ranked).extracting(r -> r.candidate().messageId()).containsExactly("m-2", "m-1");
    assertThat(ranked.get(0).why()).isEqualTo(new SearchHit.Why(2.5, 0, 1, 1.5));
  }

  @Test
  void shouldRankByBm25AloneWhenAsked() {
    var candidates = List.of(turn(1, "a", 1.0, null, 2L), turn(2, "caroline", 3.0, 1L, 3L),
        turn(3, "a", 2.0, 2L, null));

    var ranked = ContextRanking.rank(candidates,
        question("Caroline in June 1970?").rankedBy(SearchQuery.Ranking.BM25));

    assertThat(ranked).extracting(ContextRanking.Ranked::score).containsExactly(3.0, 2.0, 1.0);
    assertThat(ranked).extracting(ContextRanking.Ranked::why).allMatch(w -> w.context() == 0 && w.speaker() == 1 && w.time() == 1);
  }

  @Test
  void shouldBreakTiesByNewestThenMessageId() {
    var candidates = List.of(turn(1, "a", 1.0, null, null), turn(2, "a", 1.0, null, null));

    var ranked = ContextRanking.rank(candidates, question("x"));

    assertThat(ranked).extracting(r -> r.candidate().rowId()).containsExactly(2L, 1L);
  }
}
