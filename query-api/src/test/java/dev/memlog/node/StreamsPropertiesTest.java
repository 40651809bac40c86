package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.memlog.projector.failure.FailureHandlerDeps;
import dev.memlog.projector.failure.StuckRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StreamsPropertiesTest {

  @Test
  void shouldGiveKafkaStreamsAndItsPartitionAssignorSettingsTheyDoNotWarnAbout() {
    // Given the projector's settings, and the log of Kafka Streams' configuration watched
    var meters = new SimpleMeterRegistry();
    var props = StreamsProperties.of(NodeConfig.fromEnv(Map.of("MEMLOG_BOOTSTRAP_SERVERS", "127.0.0.1:9092")),
        new FailureHandlerDeps("memlog.dead-letters", new StuckRecords(3, meters), meters));
    var configLog = (Logger) LoggerFactory.getLogger(StreamsConfig.class);
    var seen = new ListAppender<ILoggingEvent>();
    seen.start();
    configLog.addAppender(seen);
    try {
      // When Kafka Streams reads them, and its main consumer's partition assignor reads the consumer's share
      var config = new StreamsConfig(props);
      new StreamsConfig(new HashMap<>(config.getMainConsumerConfigs("memlog-projector", "client", 0)));
    } finally {
      configLog.detachAppender(seen);
    }

    // Then neither logs a warning
    assertThat(seen.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }

  @Test
  void shouldProcessWhatATaskBufferedWithoutAskingForTheLagOfItsPartition() {
    var meters = new SimpleMeterRegistry();
    var props = StreamsProperties.of(NodeConfig.fromEnv(Map.of("MEMLOG_BOOTSTRAP_SERVERS", "127.0.0.1:9092")),
        new FailureHandlerDeps("memlog.dead-letters", new StuckRecords(3, meters), meters));

    assertThat(new StreamsConfig(props).getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
        .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
  }

  @Test
  void shouldCommitOffsetsEverySecondWhateverTheCommitIntervalButPollNoLongerThanIt() {
    var meters = new SimpleMeterRegistry();
    var failures = new FailureHandlerDeps("memlog.dead-letters", new StuckRecords(3, meters), meters);

    var fine = StreamsProperties.of(NodeConfig.fromEnv(Map.of("MEMLOG_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
        "MEMLOG_COMMIT_INTERVAL_MS", "20")), failures);
    var coarse = StreamsProperties.of(NodeConfig.fromEnv(Map.of("MEMLOG_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
        "MEMLOG_COMMIT_INTERVAL_MS", "500")), failures);

    // the SQLite batches commit within the interval on their own (punctuations, which an idle thread runs after
    // its poll); the offsets do not need to
    assertThat(new StreamsConfig(fine).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
    assertThat(new StreamsConfig(fine).getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(20L);
    assertThat(new StreamsConfig(coarse).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
    assertThat(new StreamsConfig(coarse).getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(100L);
    // a live batch may not wait longer than a catching-up one
    assertThatThrownBy(() -> NodeConfig.fromEnv(Map.of("MEMLOG_COMMIT_INTERVAL_MS", "1001")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MEMLOG_COMMIT_INTERVAL_MS must be between 1 and 1000, got 1001");
  }
}
