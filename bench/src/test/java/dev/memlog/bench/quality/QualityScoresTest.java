package dev.memlog.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expected numbers were printed by {@code ../shared/eval/score.py} for the same judgments and run (graded
 * gains, a judged question without a ranking, an evidence turn found at rank 14).
 */
class QualityScoresTest {

  private static final JudgedCollection COLLECTION = new JudgedCollection(List.of(),
      List.of(new JudgedQuery("q1", "c-1", "1", "A?"), new JudgedQuery("q2", "c-1", "2", "B?"),
          new JudgedQuery("q3", "c-2", "2", "C?")),
      Map.of("q1", Map.of("m1", 1, "m4", 2), "q2", Map.of("m2", 1), "q3", Map.of("m7", 1)));

  private static Map<String, List<String>> run() {
    var q2 = new ArrayList<>(List.of("m5", "m6"));
    for (int i = 1; i <= 11; i++) {
      q2.add("x" + i);
    }
    q2.add("m2");
    return Map.of("q1", List.of("m3", "m4", "m1"), "q2", q2);
  }

  @Test
  void shouldScoreARunAsScorePyDoes() {
    var scores = QualityScores.of(COLLECTION, run());

    assertThat(scores.groups()).extracting(QualityScores.Group::name)
        .containsExactly("all", "category 1", "category 2");
    assertMeans(scores.groups().get(0), 3, 0.3333, 0.3333, 0.6667, 0.6667, 0.2232, 0.1667);
    assertMeans(scores.groups().get(1), 1, 1.0, 1.0, 1.0, 1.0, 0.6697, 0.5);
    assertMeans(scores.groups().get(2), 2, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0);
  }

  @Test
  void shouldKeepOnlyTheJudgmentsAndQuestionsOfASlice() {
    var slice = COLLECTION.slice(java.util.Set.of("c-2"));

    assertThat(slice.queries()).extracting(JudgedQuery::id).containsExactly("q3");
    assertThat(slice.judgments()).containsOnlyKeys("q3");
  }

  private static void assertMeans(QualityScores.Group group, int questions, double... expected) {
    assertThat(group.questions()).isEqualTo(questions);
    var values = group.mean().values();
    for (int i = 0; i < expected.length; i++) {
      assertThat(values.get(i)).as(RankingMeasures.NAMES.get(i)).isCloseTo(expected[i], within(0.00005));
    }
  }
}
