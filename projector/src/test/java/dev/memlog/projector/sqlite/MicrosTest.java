package dev.memlog.projector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicrosTest {

  @Test
  void shouldKeepEveryInstantOfFourDigitYearsExactAndInOrder() {
    var instants = List.of(Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("1677-09-21T00:12:43.145224Z"),
        Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.EPOCH, Instant.parse("2026-11-21T10:15:30.123456Z"),
        Instant.parse("2262-04-11T23:47:16.854776Z"), Instant.parse("9999-12-31T23:59:59.999999Z"));

    var micros = instants.stream().map(Micros::of).toList();

    assertThat(micros).isSorted().doesNotHaveDuplicates();
    assertThat(micros.stream().map(Micros::toInstant).toList()).isEqualTo(instants);
  }
}
