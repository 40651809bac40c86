package dev.memlog.projector.failure;

import dev.memlog.projector.sqlite.Provenance;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link StuckRecords} which record's processing threw, then fails the task as Kafka's default handler does
 * (the record is processed again by the thread that replaces this one).
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
    // Kafka Streams' own exception from a forward is an earlier send that failed: that record was blamed already
    if (!(exception instanceof StreamsException)) {
      deps.stuck().failed(new Provenance(context.topic(), context.partition(), context.offset()));
    }
    LOGGER.atWarn().addKeyValue("task", context.taskId()).addKeyValue("processor", context.processorNodeId())
        .addKeyValue("topic", context.topic()).addKeyValue("partition", context.partition())
        .addKeyValue("offset", context.offset()).addKeyValue("error", exception.toString())
        .log("record cannot be processed; its task fails and will process it again");
    return Response.fail();
  }
}
