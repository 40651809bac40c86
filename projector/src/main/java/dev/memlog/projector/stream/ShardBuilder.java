package dev.memlog.projector.stream;

import dev.memlog.projector.read.StoreNames;
import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds a task's {@link ReadModelShard}; it has no changelog topic of its own (the events topic is one). */
record ShardBuilder(ShardContext shared) implements StoreBuilder<ReadModelShard> {

  @Override
  public StoreBuilder<ReadModelShard> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<ReadModelShard> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<ReadModelShard> withLoggingEnabled(Map<String, String> config) {
    throw new UnsupportedOperationException("a read-model shard is restored from the events topic");
  }

  @Override
  public StoreBuilder<ReadModelShard> withLoggingDisabled() {
    return this;
  }

  @Override
  public ReadModelShard build() {
    return new ReadModelShard(shared);
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
