package dev.memlog.projector.stream;

import dev.memlog.projector.read.StoreNames;
import dev.memlog.ingest.event.InvalidEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw record and sends it one of three ways: a record that is not a valid event goes to the dead-letter
 * topic with the reason; a valid event that sits on another partition than its key's (written by a client whose
 * partitioner differs from Java's) is re-published to its key's partition; any other event goes on to be
 * projected. Every event is so projected from the one partition its key belongs to. A record with nothing to project
 * goes on with no value, so that its offset is counted handled in order with the records around it.
 */
final class DecodeProcessor implements Processor<byte[], byte[], Void, Void> {

  private static final Logger LOGGER = LoggerFactory.getLogger(DecodeProcessor.class);

  /** The header a re-published record carries: the partition and offset it was first written to. */
  static final String REROUTED_FROM = "memlog.rerouted-from";

  /** The processor sink that re-publishes records on their key's partition. */
  static final String REROUTE_SINK = "reroute";

  /** The header a copy of an event sent to every other partition carries: the partition and offset of the original. */
  static final String SPREAD_FROM = "memlog.spread-from";

  /** The processor sink that copies an event to every partition but its key's ({@link ShardFold#spreads}). */
  static final String SPREAD_SINK = "spread";

  private final Counter rerouted;
  private final DeadLetterCounters deadLetters;
  private ProcessorContext<Object, Object> context;
  private ShardFold fold;

  DecodeProcessor(DeadLetterCounters deadLetters, Counter rerouted) {
    this.deadLetters = deadLetters;
    this.rerouted = rerouted;
  }

  /** Events moved to their key's partition; registered when the topology is built, so it exists at 0 at once. */
  static Counter rerouted(MeterRegistry meters) {
    return Counter.builder("memlog.projector.events.rerouted")
        .description("events moved to their key's partition because another partitioner wrote them")
        .register(meters);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void init(ProcessorContext<Void, Void> context) {
    // Topology#addReadOnlyStateStore types the processor that feeds the store as one with no output; this one
    // forwards to the projection and to the two sinks the topology hangs below it
    this.context = (ProcessorContext) context;
    ReadModelShard shard = context.getStateStore(StoreNames.SQLITE);
    this.fold = shard.fold();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    var from = context.recordMetadata().orElseThrow();
    try {
      // a key that cannot be looked up now (KeysUnavailableException) fails the task, to be retried: never guessed
      var opened = fold.decode(record.key(), record.value());
      var event = opened.event();
      var key = event.key().bytes();
      var origin = (from.partition() + "@" + from.offset()).getBytes(StandardCharsets.UTF_8);
      boolean home = fold.home(event);
      boolean copy = record.headers().lastHeader(SPREAD_FROM) != null;
      if (!home && !copy) {
        context.forward(record.withKey(key).withHeaders(record.headers().add(REROUTED_FROM, origin)), REROUTE_SINK);
        rerouted.increment();
      } else if (home && !copy && fold.spreads(event)) {
        context.forward(record.withKey(key).withHeaders(record.headers().add(SPREAD_FROM, origin)), SPREAD_SINK);
      }
      context.forward(record.withKey(event.key().text()).withValue(home || fold.spreads(event)
          ? new Decoded(event, record.value(), opened.seal()) : null), ProjectProcessor.NAME);
    } catch (InvalidEventException e) {
      LOGGER.atDebug().addKeyValue("partition", from.partition()).addKeyValue("offset", from.offset())
          .addKeyValue("reason", e.reason()).log("dead letter");
      context.forward(DeadLetters.of(context, record, e.reason().name(), e.getMessage()), DeadLetters.SINK);
      deadLetters.increment(e.reason().name());
      context.forward(record.withKey((String) null).withValue((Decoded) null), ProjectProcessor.NAME);
    }
  }
}
