package dev.memlog.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkTest {

  @Test
  void shouldReadTheScriptsResultLineInMilliseconds() {
    var output = "Running 5s test @ http://127.0.0.1:1\n  1 threads and 8 connections\n"
        + "BENCH 10000 5000000 800 2500 4100 12000 3\n";

    var latency = Wrk.parse("search", output);

    assertThat(latency).isEqualTo(new Latency("search", 0.8, 2.5, 4.1, 12.0, 2000.0, 10_000, 3, "wrk"));
  }

  @Test
  void shouldFailWhenWrkPrintedNoResult() {
    assertThatThrownBy(() -> Wrk.parse("search", "unable to connect")).isInstanceOf(IllegalStateException.class);
  }
}
