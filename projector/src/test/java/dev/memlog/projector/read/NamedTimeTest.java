package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NamedTimeTest {

  @Test
  void shouldReadTheMonthsAndYearsAQuestionNames() {
    var time = NamedTime.in("What did Mel paint in July 2023, after the trip of June?");

    assertThat(time.months()).containsExactlyInAnyOrder(6, 7);
    assertThat(time.years()).containsExactly(2023);
    assertThat(time.covers(Instant.parse("2023-07-31T23:59:59Z"))).isTrue();
    assertThat(time.covers(Instant.parse("2023-08-01T00:00:00Z"))).isFalse();
    assertThat(time.covers(Instant.parse("2022-07-15T00:00:00Z"))).isFalse();
  }

  @Test
  void shouldNotTakeTheVerbMayOrOtherNumbersForATime() {
    var time = NamedTime.in("may I ask what the 300 or 12345 stand for?");

    assertThat(time.isEmpty()).isTrue();
    assertThat(time.covers(Instant.parse("2023-05-01T00:00:00Z"))).isFalse();
  }

  @Test
  void shouldCoverEveryYearOfANamedMonth() {
    var time = NamedTime.in("the pride parade in August");

    assertThat(time.covers(Instant.parse("2019-08-10T00:00:00Z"))).isTrue();
    assertThat(time.covers(Instant.parse("2023-08-10T00:00:00Z"))).isTrue();
  }
}
