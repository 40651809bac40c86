package dev.memlog.projector.failure;

import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.stream.HeldRecordFailedException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link StuckRecords} which record's processing threw, then fails the task as Kafka's default handler does
 * (the record is processed again by the thread that replaces this one). The record is the one in Kafka Streams'
 * context, or the held record a {@link HeldRecordFailedException} names; a punctuation that failed on its own (a
 * batch's commit) blames no record.
 */
public final class RecordFailureHandler implements ProcessingExceptionHandler {

  private static final Logger LOGGER = LoggerFactory.getLogger(RecordFailureHandler.class);

  private FailureHandlerDeps deps;

  @Override
  public void configure(Map<String, ?> configs) {
    deps = FailureHandlerDeps.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    var failed = failedRecord(context, exception);
    failed.ifPresent(deps.stuck()::failed);
    LOGGER.atWarn().addKeyValue("task", context.taskId()).addKeyValue("processor", context.processorNodeId())
        .addKeyValue("topic", failed.map(Provenance::topic).orElse(null))
        .addKeyValue("partition", failed.map(Provenance::partition).orElse(null))
        .addKeyValue("offset", failed.map(Provenance::offset).orElse(null)).addKeyValue("error", exception.toString())
        .log("record cannot be processed; its task fails and will process it again");
    return Response.fail();
  }

  private static Optional<Provenance> failedRecord(ErrorHandlerContext context, Exception exception) {
    if (exception instanceof HeldRecordFailedException held) {
      return Optional.of(held.record());
    }
    // Kafka Streams' own exception from a forward is an earlier send that failed: that record was blamed already;
    // a punctuation has no record in its context (no topic, offset -1)
    if (exception instanceof StreamsException || context.topic() == null || context.offset() < 0) {
      return Optional.empty();
    }
    return Optional.of(new Provenance(context.topic(), context.partition(), context.offset()));
  }
}
