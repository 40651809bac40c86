package dev.memlog.projector.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.ConversationForgotten;
import dev.memlog.ingest.event.EntityForgotten;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.ingest.event.KeysUnavailableException;
import dev.memlog.ingest.event.OpenedEvent;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.sqlite.ProjectionWriter;
import dev.memlog.projector.sqlite.Provenance;
import dev.memlog.projector.sqlite.SqliteException;
import dev.memlog.projector.sqlite.ViewStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an event to SQLite. The task's RocksDB views are the writer's {@link ViewStore} for the task's
 * partition: recomputed from SQLite when the task starts, then refreshed once per batch for the keys the batch
 * touched. An event that the fold cannot apply for a reason other than SQLite itself goes to the dead-letter
 * topic; a SQLite failure stops the task, so that the batch is retried from the last committed offset.
 */
final class ProjectProcessor implements Processor<String, Decoded, Object, Object> {

  static final String NAME = "project";

  private static final Logger LOGGER = LoggerFactory.getLogger(ProjectProcessor.class);

  private final String eventsTopic;
  private final ProjectionWriter writer;
  private final SubjectKeys keys;
  private final SealedViews views;
  private final MeterRegistry meters;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> summaries;
  private KeyValueStore<String, byte[]> entities;
  private TopicPartition partition;

  ProjectProcessor(String eventsTopic, ProjectionWriter writer, SubjectKeys keys, MeterRegistry meters) {
    this.eventsTopic = eventsTopic;
    this.writer = writer;
    this.keys = keys;
    this.views = new SealedViews(keys);
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    context.getStateStore(StoreNames.SQLITE);
    this.summaries = context.getStateStore(StoreNames.CONVERSATION_SUMMARIES);
    this.entities = context.getStateStore(StoreNames.ENTITIES);
    this.partition = new TopicPartition(eventsTopic, context.taskId().partition());
    writer.attachViews(partition, new TaskViews());
  }

  @Override
  public void close() {
    writer.detachViews(partition);
  }

  @Override
  public void process(Record<String, Decoded> record) {
    var from = context.recordMetadata().orElseThrow();
    var event = record.value().event();
    var provenance = new Provenance(from.topic(), from.partition(), from.offset());
    try {
      var fold = record.value().shredded() ? ShreddedEvents.toFold(event) : List.of(event);
      var forgetting = event instanceof ConversationForgotten || event instanceof EntityForgotten;
      if (forgetting) {
        // before the rows: if shredding fails, the forgetting is not in the batch the failed task commits on
        // close, so it is applied, and shredded, again; shredding twice is harmless
        keys.shred(event.key().text());
      }
      var changed = List.<EventKey>of();
      if (fold.isEmpty()) {
        writer.markHandled(provenance);
      } else {
        changed = writer.apply(fold, provenance);
      }
      if (!forgetting && record.value().seal() == OpenedEvent.Seal.OPENED && changed.isEmpty()
          && writer.forgotten(event.key())) {
        // written after the forgetting with a key created since (a client that kept writing): ignored by the
        // fold, and shredded so that its content does not outlive the forgetting in the log
        keys.shred(event.key().text());
      }
    } catch (SqliteException | KeysUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      LOGGER.atWarn().addKeyValue("eventId", event.eventId()).setCause(e).log("event cannot be projected");
      context.forward(DeadLetters.of(context, new Record<>(
          record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), record.value().raw(), record.timestamp(),
          record.headers()), "PROJECTION_FAILED", String.valueOf(e.getMessage())), DeadLetters.SINK);
      Counter.builder("memlog.projector.dead.letters").tag("reason", "PROJECTION_FAILED")
          .description("records sent to the dead-letter topic").register(meters).increment();
      writer.markHandled(new Provenance(from.topic(), from.partition(), from.offset()));
    }
  }

  /** The task's two RocksDB stores, as the writer fills them. */
  private final class TaskViews implements ViewStore {
    @Override
    public void write(EventKey key, Optional<?> view) {
      var store = key.kind() == EventKey.Kind.CONVERSATION ? summaries : entities;
      if (view.isEmpty()) {
        store.delete(key.text());
        return;
      }
      try {
        var name = store == summaries ? StoreNames.CONVERSATION_SUMMARIES : StoreNames.ENTITIES;
        store.put(key.text(), views.seal(name, key.text(), EventCodec.mapper().writeValueAsBytes(view.get())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the view of " + key, e);
      }
    }

    @Override
    public void retainOnly(Set<EventKey> keys) {
      var live = new HashSet<String>();
      keys.forEach(key -> live.add(key.text()));
      for (var store : List.of(summaries, entities)) {
        var stale = new ArrayList<String>();
        try (var all = store.all()) {
          all.forEachRemaining(entry -> {
            if (!live.contains(entry.key)) {
              stale.add(entry.key);
            }
          });
        }
        stale.forEach(store::delete);
      }
    }
  }
}
