package dev.memlog.projector.stream;

import dev.memlog.projector.sqlite.ProjectionWriter;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The SQLite read model as one task sees it. Before Kafka Streams commits a task's input offsets it flushes the
 * caches of the task's stores ({@link CachedStateStore#flushCache()}, every commit interval, in exactly-once and
 * at-least-once alike); flushing this one commits the SQLite transaction, so SQLite is never behind the committed
 * offsets. ({@link StateStore#commit(Map)} alone is not enough: under exactly-once Kafka Streams 4.3 calls it only
 * when it checkpoints, every 10,000 records or on close.) The rows live in the node's SQLite file, outside the
 * task's state directory, and have no changelog: they are rebuilt from the events topic itself.
 */
final class SqliteReadModelStore implements StateStore, CachedStateStore<Object, Object> {

  private final ProjectionWriter writer;
  private volatile boolean open;

  SqliteReadModelStore(ProjectionWriter writer) {
    this.writer = writer;
  }

  static StoreBuilder<SqliteReadModelStore> builder(ProjectionWriter writer) {
    return new Builder(writer);
  }

  @Override
  public String name() {
    return StoreNames.SQLITE;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {
      throw new IllegalStateException("the SQLite read model has no changelog to restore from");
    });
    open = true;
  }

  @Override
  public void flushCache() {
    writer.commit();
  }

  @Override
  public void clearCache() {
    // an aborted Kafka transaction leaves the SQLite batch to commit later: its records are skipped by offset
    // when they are processed again, and the views they touched are recomputed from SQLite
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writer.commit();
  }

  @Override
  public void close() {
    writer.commit();
    open = false;
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private record Builder(ProjectionWriter writer) implements StoreBuilder<SqliteReadModelStore> {
    @Override
    public StoreBuilder<SqliteReadModelStore> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<SqliteReadModelStore> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<SqliteReadModelStore> withLoggingEnabled(Map<String, String> config) {
      throw new UnsupportedOperationException("the SQLite read model is rebuilt from the events topic");
    }

    @Override
    public StoreBuilder<SqliteReadModelStore> withLoggingDisabled() {
      return this;
    }

    @Override
    public SqliteReadModelStore build() {
      return new SqliteReadModelStore(writer);
    }

    @Override
    public Map<String, String> logConfig() {
      return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }

    @Override
    public String name() {
      return StoreNames.SQLITE;
    }
  }
}
