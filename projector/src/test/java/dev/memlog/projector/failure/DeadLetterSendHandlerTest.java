package dev.memlog.projector.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.projector.stream.DeadLetters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterSendHandlerTest {

  private static final String EVENTS = "memlog.events";
  private static final String DEAD = "memlog.dead-letters";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StuckRecords stuck = new StuckRecords(1, meters);
  private final DeadLetterSendHandler handler = new DeadLetterSendHandler();

  @BeforeEach
  void configure() {
    handler.configure(Map.of(FailureHandlerDeps.CONFIG, new FailureHandlerDeps(DEAD, stuck, meters)));
  }

  @Test
  void shouldGoOnWithoutADeadLetterThatCannotBeWrittenCountItAndBlameTheRecordItsHeadersName() {
    var letter = deadLetterOf(2, 41);

    // the broker refused it late: the thread processes another record by then
    var response = handler.handleError(TestContext.at(EVENTS, 0, 99), letter, new RecordTooLargeException("big"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(meters.get("memlog.projector.dead.letters.failed").tag("reason", "TOO_LARGE").counter().count())
        .isEqualTo(1.0);
    assertThat(stuck.threadDied()).containsExactly(new StuckRecord(EVENTS, 2, 41, 1));
  }

  @Test
  void shouldCountFailedDeadLettersOfEveryReasonFromZeroBeforeTheFirst() {
    var failed = meters.find("memlog.projector.dead.letters.failed").counters();

    assertThat(failed).hasSize(dev.memlog.projector.stream.DeadLetters.reasons().size())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void shouldFailTheThreadWhenARecordForAnotherTopicCannotBeWritten() {
    var rerouted = new ProducerRecord<>(EVENTS, 1, utf8("k"), utf8("{}"));

    var response = handler.handleError(TestContext.at(EVENTS, 0, 5), rerouted, new RecordTooLargeException("big"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(stuck.threadDied()).isEmpty();
  }

  @Test
  void shouldRetryADeadLetterThatFailedForAReasonThatMayPass() {
    var response = handler.handleError(TestContext.at(EVENTS, 2, 41), deadLetterOf(2, 41),
        new TimeoutException("broker away"));

    assertThat(response.result()).isEqualTo(Result.RETRY);
  }

  @Test
  void shouldRefuseToBeConfiguredWithoutItsDeps() {
    var unconfigured = new DeadLetterSendHandler();

    assertThatThrownBy(() -> unconfigured.configure(Map.of("application.id", "memlog-projector")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(FailureHandlerDeps.CONFIG);
  }

  private static ProducerRecord<byte[], byte[]> deadLetterOf(int partition, long offset) {
    var letter = new ProducerRecord<>(DEAD, null, utf8("k"), utf8("{\"content\":\"xxxx"));
    letter.headers().add(DeadLetters.REASON, utf8("TOO_LARGE"));
    letter.headers().add(DeadLetters.TOPIC, utf8(EVENTS));
    letter.headers().add(DeadLetters.PARTITION, utf8("" + partition));
    letter.headers().add(DeadLetters.OFFSET, utf8("" + offset));
    return letter;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
