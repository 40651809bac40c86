package dev.memlog.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void shouldTakeTheMiddleValueOfAnOddNumberOfRuns() {
    var spread = Spread.of(List.of(30.0, 10.0, 20.0));

    assertThat(spread).isEqualTo(new Spread(20.0, 10.0, 30.0, 3));
    assertThat(spread.format("%,.0f")).isEqualTo("20 (10–30, 3 runs)");
  }

  @Test
  void shouldAverageTheTwoMiddleValuesOfAnEvenNumberAndIgnoreNaN() {
    assertThat(Spread.of(List.of(1.0, 4.0, 2.0, 3.0, Double.NaN)).median()).isEqualTo(2.5);
  }

  @Test
  void shouldShowASingleRunAsItsValueAndNoRunsAsNotAvailable() {
    assertThat(Spread.of(List.of(1234.0)).format("%,.0f")).isEqualTo("1,234");
    assertThat(Spread.of(List.of()).format("%.1f")).isEqualTo("n/a");
  }

  @Test
  void shouldDivideMediansForRatiosAndRefuseAZeroDenominator() {
    var memlog = Spread.of(List.of(40_000.0, 50_000.0, 45_000.0));
    var ceiling = Spread.of(List.of(60_000.0));

    assertThat(Spread.ratio(memlog, ceiling)).isEqualTo(0.75);
    assertThat(Spread.ratio(memlog, Spread.of(List.of(0.0)))).isNaN();
  }

  @Test
  void shouldWriteAMarkdownTableWithThousandsSeparators() {
    var table = new Table("a", "b").row("x", Table.num(12345.678, 1)).row("y", Table.num(Double.NaN, 0));

    assertThat(table.markdown()).isEqualTo("| a | b |\n|---|---|\n| x | 12,345.7 |\n| y | n/a |\n");
  }
}
