package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

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
}
