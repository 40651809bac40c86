package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryTest {

  @Test
  void shouldOrTheMeaningfulWordsOfAQuestion() {
    var query = SearchQuery.parse("What did the customer say about the broken kettle?", SearchQuery.Mode.ANY);

    assertThat(query.terms()).containsExactly("customer", "say", "broken", "kettle");
    assertThat(query.expression()).isEqualTo("\"customer\" OR \"say\" OR \"broken\" OR \"kettle\"");
    assertThat(query.words()).contains("what", "the", "about", "kettle");
  }

  @Test
  void shouldKeepPhrasesAndPrefixes() {
    var query = SearchQuery.parse("\"red kettle\" deliv*", SearchQuery.Mode.ALL);

    assertThat(query.expression()).isEqualTo("\"red kettle\" AND \"deliv\"*");
  }

  @Test
  void shouldDropTheWordsQuestionsAreMadeOf() {
    var query = SearchQuery.parse("What kind of car would John likely drive?", SearchQuery.Mode.ANY);

    assertThat(query.terms()).containsExactly("car", "john", "drive");
  }

  @Test
  void shouldSearchStopwordsWhenTheQuestionHasNothingElse() {
    assertThat(SearchQuery.parse("who are you", SearchQuery.Mode.ANY).terms()).containsExactly("who", "are", "you");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NEAR(a b)", "content:secret", "-x", "a AND OR b", "((( kettle", "\"unterminated", "a^b*c"})
  void shouldTurnFtsSyntaxIntoPlainTerms(String text) {
    var query = SearchQuery.parse(text, SearchQuery.Mode.ANY);

    assertThat(query.expression()).doesNotContain("(", ")", ":", "^", "-").matches("(\"[^\"]+\"\\*?( OR |$))+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "?!.", "\"\"", "***"})
  void shouldRefuseTextWithoutAWord(String text) {
    assertThatThrownBy(() -> SearchQuery.parse(text, SearchQuery.Mode.ANY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no word");
  }
}
