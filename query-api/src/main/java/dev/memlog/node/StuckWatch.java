package dev.memlog.node;

import dev.memlog.projector.failure.StuckRecords;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link StuckRecords} the projector group's committed offsets while a partition is stuck, so that it is
 * no longer reported once Kafka has committed past its record. Committed offsets, not the read model's applied
 * ones: SQLite commits before Kafka does, and so runs ahead of a transaction that keeps aborting.
 */
final class StuckWatch implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(StuckWatch.class);

  private final Admin admin;
  private final String groupId;
  private final StuckRecords stuck;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    var thread = new Thread(runnable, "memlog-stuck-watch");
    thread.setDaemon(true);
    return thread;
  });

  StuckWatch(Admin admin, String groupId, StuckRecords stuck) {
    this.admin = admin;
    this.groupId = groupId;
    this.stuck = stuck;
  }

  StuckWatch start(long periodMillis) {
    scheduler.scheduleWithFixedDelay(this::refresh, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void refresh() {
    if (stuck.stuck().isEmpty()) {
      return;
    }
    try {
      var committed = new HashMap<TopicPartition, Long>();
      admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS)
          .forEach((partition, offset) -> {
            if (offset != null) {
              committed.put(partition, offset.offset());
            }
          });
      for (var record : stuck.committed(committed)) {
        LOGGER.atInfo().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
            .addKeyValue("offset", record.offset()).log("partition no longer stuck: committed past the record");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOGGER.atDebug().setCause(e).log("cannot read the projector group's offsets");
    }
  }
}
