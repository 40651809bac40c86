package dev.memlog.projector.stream;

import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.sqlite.WriterSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * What every shard of a node shares: the topology's settings, how writers batch, the keys that open sealed
 * events, the registry the read side finds the node's shards in, meters and the clock.
 */
public record ShardContext(ProjectorSettings settings, WriterSettings writerSettings, SubjectKeys keys,
    LocalShards shards, MeterRegistry meters, Clock clock) {

  public ShardContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(writerSettings, "writerSettings");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(clock, "clock");
  }
}
