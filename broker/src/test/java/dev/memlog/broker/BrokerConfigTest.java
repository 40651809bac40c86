package dev.memlog.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

  private static final Path DATA_DIR = Path.of("data");

  @Test
  void shouldRejectNegativePortWithClearMessage() {
    // Given a negative port
    var port = -1;

    // When / Then
    assertThatThrownBy(() -> new BrokerConfig(DATA_DIR, port, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535 (0 picks a free port), but was -1");
  }

  @Test
  void shouldRejectPortAboveRange() {
    assertThatThrownBy(() -> new BrokerConfig(DATA_DIR, 65_536, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 65536");
  }

  @Test
  void shouldRejectZeroPartitions() {
    assertThatThrownBy(() -> new BrokerConfig(DATA_DIR, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaultPartitions must be at least 1, but was 0");
  }

  @Test
  void shouldRejectMissingDataDir() {
    assertThatThrownBy(() -> new BrokerConfig(null, 0, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir must not be null");
  }

  @Test
  void shouldAcceptPortZeroAndHighestPort() {
    // When
    var anyPort = new BrokerConfig(DATA_DIR, 0, 1);
    var highestPort = new BrokerConfig(DATA_DIR, 65_535, 3);

    // Then
    assertThat(anyPort.port()).isZero();
    assertThat(highestPort.port()).isEqualTo(65_535);
  }
}
