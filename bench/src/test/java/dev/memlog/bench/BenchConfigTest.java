package dev.memlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  private static BenchConfig withEvents(long events) {
    return new BenchConfig(events, 10, 6, 1, 1, Path.of("out"), Duration.ofSeconds(1), 4, "java", 1_000,
        List.of(), 100, Duration.ofSeconds(1), 1_000, "1g", false, null, 0, java.util.Map.of(), List.of(),
        Duration.ZERO);
  }

  @Test
  void shouldGrowByTenfoldStepsUpToTheEventCount() {
    assertThat(withEvents(1_000_000).stages()).containsExactly(10_000L, 100_000L, 1_000_000L);
    assertThat(withEvents(300_000).stages()).containsExactly(10_000L, 100_000L, 300_000L);
    assertThat(withEvents(5_000).stages()).containsExactly(5_000L);
  }
}
