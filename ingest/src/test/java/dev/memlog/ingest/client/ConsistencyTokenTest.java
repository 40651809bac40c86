package dev.memlog.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistencyTokenTest {

  @Test
  void shouldKeepTheHighestOffsetOfEachPartition() {
    var token = ConsistencyToken.of(List.of(new PublishResult("a", "t", 0, 5), new PublishResult("b", "t", 0, 9),
        new PublishResult("c", "t", 2, 1))).merge(new PublishResult("d", "t", 2, 7).token());

    assertThat(token.offsets()).isEqualTo(Map.of(0, 9L, 2, 7L));
  }

  @Test
  void shouldReadBackWhatItWrites() {
    var token = new ConsistencyToken(Map.of(3, 42L, 0, 1L));

    assertThat(ConsistencyToken.parse(token.encode())).isEqualTo(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!", "MTo", "LTE6Mg", "YTpi"})
  void shouldRefuseTextThatIsNotAToken(String text) {
    assertThatThrownBy(() -> ConsistencyToken.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a consistency token");
  }
}
