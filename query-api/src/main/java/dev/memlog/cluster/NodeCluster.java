package dev.memlog.cluster;

import dev.memlog.api.ClusterOps;
import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.audit.ReadModelChecksum;
import dev.memlog.projector.read.HotStoreReader;
import dev.memlog.projector.read.ReadUnavailableException;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.RowsAnswer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** What this node answers other nodes of the memory: reads of the shards and hot views it holds. */
public final class NodeCluster implements ClusterOps {

  private final String token;
  private final String topic;
  private final LocalShards shards;
  private final HotStoreReader views;

  public NodeCluster(String token, String topic, LocalShards shards, HotStoreReader views) {
    this.token = token;
    this.topic = topic;
    this.shards = shards;
    this.views = views;
  }

  @Override
  public boolean trusts(String presented) {
    return presented != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public RowsAnswer query(int partition, String statement, List<Object> params, boolean standby) {
    var reads = standby ? shards.standbyReads(partition) : shards.localReads(partition);
    var applied = shards.appliedOffsets().get(new TopicPartition(topic, partition));
    long offset = applied == null ? -1 : applied.lastOffset();
    return reads.query(statement, rows -> RowsAnswer.of(rows, offset), params.toArray());
  }

  @Override
  public Checksum checksum(int partition) {
    var file = shards.files().get(partition);
    if (file == null) {
      throw new ReadUnavailableException("partition " + partition + " is not served by this node now");
    }
    return ReadModelChecksum.of(List.of(file));
  }

  @Override
  public boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException {
    shards.localReads(partition);
    return shards.awaitApplied(topic, java.util.Map.of(partition, offset), timeout);
  }

  @Override
  public View view(String store, String key, boolean standby) {
    var parsed = parse(key);
    var value = standby ? shards.standbyView(parsed) : views.localStored(store, parsed);
    return new View(value, shards.appliedOffset(shards.partitionOf(parsed)));
  }

  private static EventKey parse(String text) {
    var parts = text.split("/", 3);
    if (parts.length == 3 && parts[1].equals(EventKey.Kind.CONVERSATION.segment())) {
      return EventKey.conversation(parts[0], parts[2]);
    }
    if (parts.length == 3 && parts[1].equals(EventKey.Kind.ENTITY.segment())) {
      return EventKey.entity(parts[0], parts[2]);
    }
    throw new IllegalArgumentException("not a conversation or entity key: " + text);
  }
}
