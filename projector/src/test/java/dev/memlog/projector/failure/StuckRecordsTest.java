package dev.memlog.projector.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.projector.sqlite.Provenance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StuckRecordsTest {

  private static final String EVENTS = "memlog.events";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StuckRecords records = new StuckRecords(3, meters);

  @Test
  void shouldReportAPartitionStuckWhenItsThreadDiedThreeTimesInARowOnTheSameRecord() {
    dieOn(new Provenance(EVENTS, 1, 41));
    dieOn(new Provenance(EVENTS, 1, 41));

    var stuck = dieOn(new Provenance(EVENTS, 1, 41));

    assertThat(stuck).containsExactly(new StuckRecord(EVENTS, 1, 41, 3));
    assertThat(records.stuck()).containsExactly(new StuckRecord(EVENTS, 1, 41, 3));
    assertThat(meters.get("memlog.projector.stuck.partitions").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void shouldNotReportAPartitionWhoseThreadDiedOnALaterRecordEachTime() {
    dieOn(new Provenance(EVENTS, 1, 41));
    dieOn(new Provenance(EVENTS, 1, 42));

    var stuck = dieOn(new Provenance(EVENTS, 1, 42));

    assertThat(stuck).isEmpty();
    assertThat(records.stuck()).isEmpty();
    assertThat(meters.get("memlog.projector.stuck.partitions").gauge().value()).isZero();
  }

  @Test
  void shouldNotBlameARecordForADeathAfterWhichNothingFailed() {
    dieOn(new Provenance(EVENTS, 1, 41));
    dieOn(new Provenance(EVENTS, 1, 41));

    var stuck = records.threadDied();

    assertThat(stuck).isEmpty();
    assertThat(records.stuck()).isEmpty();
  }

  @Test
  void shouldBlameTheFirstRecordOfAPartitionThatFailedBeforeEachDeath() {
    for (int death = 0; death < 2; death++) {
      records.failed(new Provenance(EVENTS, 1, 45));
      records.failed(new Provenance(EVENTS, 1, 41));
      records.failed(new Provenance(EVENTS, 2, 7));
      records.threadDied();
    }
    records.failed(new Provenance(EVENTS, 1, 41));
    records.failed(new Provenance(EVENTS, 2, 7));

    var stuck = records.threadDied();

    assertThat(stuck).containsExactlyInAnyOrder(new StuckRecord(EVENTS, 1, 41, 3), new StuckRecord(EVENTS, 2, 7, 3));
  }

  @Test
  void shouldClearAStuckPartitionOnceItsCommittedOffsetHasPassedTheRecord() {
    for (int death = 0; death < 3; death++) {
      dieOn(new Provenance(EVENTS, 1, 41));
      dieOn(new Provenance(EVENTS, 2, 7));
    }
    records.committed(Map.of(new TopicPartition(EVENTS, 1), 41L, new TopicPartition(EVENTS, 2), 7L));
    assertThat(records.stuck()).hasSize(2);

    var movedOn = records.committed(Map.of(new TopicPartition(EVENTS, 1), 42L));

    assertThat(movedOn).containsExactly(new StuckRecord(EVENTS, 1, 41, 3));
    assertThat(records.stuck()).containsExactly(new StuckRecord(EVENTS, 2, 7, 3));
  }

  @Test
  void shouldForgetEveryPartitionWhenTheProjectorStartsAnew() {
    for (int death = 0; death < 3; death++) {
      dieOn(new Provenance(EVENTS, 1, 41));
    }

    records.reset();

    assertThat(records.stuck()).isEmpty();
    assertThat(dieOn(new Provenance(EVENTS, 1, 41))).isEmpty();
  }

  private List<StuckRecord> dieOn(Provenance record) {
    records.failed(record);
    return records.threadDied();
  }
}
