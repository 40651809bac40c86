package dev.memlog.projector.failure;

import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.stream.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a dead letter that cannot be written from killing the stream thread: it is logged with its source
 * partition and offset (the original stays there), counted, and given up. A send to any other topic fails the
 * thread, as Kafka's default handler does, and {@link StuckRecords} reports a record that fails every time; a
 * retriable error is retried either way.
 */
public final class DeadLetterSendHandler implements ProductionExceptionHandler {

  private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterSendHandler.class);

  private FailureHandlerDeps deps;

  @Override
  public void configure(Map<String, ?> configs) {
    deps = FailureHandlerDeps.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    if (!record.topic().equals(deps.deadLetterTopic())) {
      return Response.fail();
    }
    // the dead letter's headers name its source; the context names the record processed when the send failed,
    // which is another one when the broker refused it later
    var from = DeadLetters.source(record.headers())
        .orElseGet(() -> new Provenance(context.topic(), context.partition(), context.offset()));
    var reason = Objects.requireNonNullElse(DeadLetters.text(record.headers(), DeadLetters.REASON), "UNKNOWN");
    deps.stuck().failed(from);
    LOGGER.atError().addKeyValue("topic", from.topic()).addKeyValue("partition", from.partition())
        .addKeyValue("offset", from.offset()).addKeyValue("reason", reason).addKeyValue("error", exception.toString())
        .log("cannot write a dead letter; going on without it (the record stays in its source topic)");
    failed(deps.meters(), reason).increment();
    return Response.resume();
  }

  /** The count of dead letters of {@code reason} that could not be written. */
  public static Counter failed(MeterRegistry meters, String reason) {
    return Counter.builder("memlog.projector.dead.letters.failed").tag("reason", reason)
        .description("dead letters that could not be written").register(meters);
  }
}
