package dev.memlog.projector.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteException;
import dev.memlog.projector.stream.HeldRecordFailedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordFailureHandlerTest {

  private static final String EVENTS = "memlog.events";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StuckRecords stuck = new StuckRecords(1, meters);
  private final RecordFailureHandler handler = new RecordFailureHandler();

  @BeforeEach
  void configure() {
    handler.configure(Map.of(FailureHandlerDeps.CONFIG, new FailureHandlerDeps("memlog.dead-letters", stuck,
        meters)));
  }

  @Test
  void shouldFailTheTaskAndBlameTheRecordWhoseProcessingThrew() {
    var response = handler.handleError(TestContext.at(EVENTS, 2, 41), new Record<>("k", "v", 0L),
        new IllegalStateException("disk full"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(stuck.threadDied()).containsExactly(new StuckRecord(EVENTS, 2, 41, 1));
  }

  @Test
  void shouldNotBlameARecordThatOnlyMetTheFailureOfAnEarlierSend() {
    var response = handler.handleError(TestContext.at(EVENTS, 2, 45), new Record<>("k", "v", 0L),
        new StreamsException("Error encountered sending record to topic memlog.dead-letters"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(stuck.threadDied()).isEmpty();
  }

  @Test
  void shouldBlameTheHeldRecordWhoseFoldFailedRatherThanTheRecordThatMadeTheTaskFoldIt() {
    var response = handler.handleError(TestContext.at(EVENTS, 2, 300), new Record<>("k", "v", 0L),
        new HeldRecordFailedException(new Provenance(EVENTS, 2, 44), new SqliteException("disk full", null)));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(stuck.threadDied()).containsExactly(new StuckRecord(EVENTS, 2, 44, 1));
  }

  @Test
  void shouldBlameNoRecordForAPunctuationThatFailedOnItsOwn() {
    var response = handler.handleError(TestContext.at(null, -1, -1), null, new SqliteException("disk full", null));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(stuck.threadDied()).isEmpty();
    assertThat(stuck.stuck()).isEmpty();
  }
}
