package dev.memlog.cluster;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.audit.Checksum;
import dev.memlog.projector.read.LocalShards;
import dev.memlog.projector.read.ReadScope;
import dev.memlog.projector.read.ReadUnavailableException;
import dev.memlog.projector.read.RemoteViews;
import dev.memlog.projector.read.ShardReads;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other nodes of this memory, found with Kafka Streams' metadata (every node sets {@code application.server}
 * to its HTTP address): the shard of a partition another node serves is read there, through its internal routes;
 * when that node cannot answer, a node that keeps a standby of the shard answers, and says how far it is. The
 * answers of other nodes report their shards' applied offsets; each read notes in the request's {@link ReadScope}
 * which node answered and how far its shard was, which the answer's freshness shows. A standby further behind
 * than the request's {@code maxStandbyLag} does not answer.
 */
public final class Peers implements LocalShards.Router, RemoteViews {

  private final Supplier<Collection<StreamsMetadata>> metadata;
  private final Supplier<HostInfo> self;
  private final String topic;
  private final LocalShards shards;
  private final PeerClient client;
  private final IntToLongFunction endOffsets;

  /**
   * @param metadata the streams metadata of the read-model store, now (empty while the projector starts)
   * @param self this node's {@code application.server} (null until it is known)
   * @param token the cluster's shared token, which the internal routes of every node require
   * @param deadline how long one call to another node may take
   * @param endOffsets the end offset of a partition as last read from the broker (0 when unknown), which a
   *     standby's lag is measured against
   */
  public Peers(Supplier<Collection<StreamsMetadata>> metadata, Supplier<HostInfo> self, String topic,
      LocalShards shards, String token, Duration deadline, IntToLongFunction endOffsets) {
    this.metadata = metadata;
    this.self = self;
    this.topic = topic;
    this.shards = shards;
    this.client = new PeerClient(token, deadline);
    this.endOffsets = endOffsets;
  }

  @Override
  public Optional<ShardReads> remote(int partition) {
    var hosts = hosts(partition);
    return hosts.isEmpty() ? Optional.empty() : Optional.of(new RemoteShard(partition, hosts));
  }

  @Override
  public boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException {
    var active = hosts(partition).stream().filter(holder -> !holder.standby()).findFirst();
    if (active.isPresent()) {
      try {
        return client.awaitApplied(active.get().host(), partition, offset, timeout);
      } catch (ReadUnavailableException e) {
        // not reachable now: wait out the slice, as when no node serves it
      }
    }
    TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
    return false;
  }

  /**
   * The checksum of the partition's shard on the other node that serves it.
   *
   * @throws ReadUnavailableException if no other node serves it or it cannot answer
   */
  public Checksum checksum(int partition) {
    var active = hosts(partition).stream().filter(holder -> !holder.standby()).findFirst()
        .orElseThrow(() -> new ReadUnavailableException("no node serves partition " + partition + " now"));
    return client.checksum(active.host(), partition);
  }

  @Override
  public byte[] get(String store, EventKey key) {
    int partition = shards.partitionOf(key);
    var failed = new ReadUnavailableException("no other node holds partition " + partition + " now");
    for (var holder : hosts(partition)) {
      try {
        if (holder.local()) {
          answered(holder, partition, shards.appliedOffset(partition));
          return shards.standbyView(key);
        }
        var view = client.view(holder.host(), store, key.text(), holder.standby());
        answered(holder, partition, view.appliedOffset());
        return view.value();
      } catch (ReadUnavailableException e) {
        failed = e;
      }
    }
    throw failed;
  }

  /**
   * The nodes that hold the partition's shard, other than this one as its active node: the active one first,
   * then the standbys (this node among them, when it keeps one).
   */
  private List<Holder> hosts(int partition) {
    var tp = new TopicPartition(topic, partition);
    var here = self.get();
    var active = new ArrayList<Holder>();
    var standbys = new ArrayList<Holder>();
    for (var node : metadata.get()) {
      boolean local = node.hostInfo().equals(here);
      if (node.topicPartitions().contains(tp) && !local) {
        active.add(new Holder(node.hostInfo(), false, false));
      } else if (node.standbyTopicPartitions().contains(tp)) {
        standbys.add(new Holder(node.hostInfo(), true, local));
      }
    }
    active.addAll(standbys);
    return active;
  }

  /**
   * Notes in the request's scope that the holder's shard, at {@code applied}, answers for the partition.
   *
   * @throws ReadUnavailableException if it is a standby further behind than the request accepts
   */
  private void answered(Holder holder, int partition, long applied) {
    var scope = ReadScope.current();
    var node = holder.host().host() + ":" + holder.host().port();
    if (holder.standby()) {
      scope.acceptStandby(partition, node, Math.max(0, endOffsets.applyAsLong(partition) - applied - 1));
    }
    scope.served(partition, new ReadScope.Served(node, holder.standby(), applied));
  }

  /** A node that holds a shard, as its active task or as a standby; {@code local} when it is this node. */
  private record Holder(HostInfo host, boolean standby, boolean local) {}

  /** A partition's shard on other nodes. */
  private final class RemoteShard implements ShardReads {
    private final int partition;
    private final List<Holder> holders;

    RemoteShard(int partition, List<Holder> holders) {
      this.partition = partition;
      this.holders = holders;
    }

    @Override
    public <T> T query(String name, dev.memlog.projector.read.RowsReader<T> reader, Object... params) {
      ReadUnavailableException failed = null;
      for (var holder : holders) {
        try {
          if (holder.local()) {
            answered(holder, partition, shards.appliedOffset(partition));
            return shards.standbyReads(partition).query(name, reader, params);
          }
          var answer = client.query(holder.host(), partition, name, params, holder.standby());
          answered(holder, partition, answer.appliedOffset());
          shards.remoteApplied(topic, partition, answer.appliedOffset());
          return reader.read(answer.resultSet());
        } catch (ReadUnavailableException e) {
          failed = e;
        } catch (SQLException e) {
          throw new IllegalStateException("cannot read the answer of " + holder.host() + " to " + name, e);
        }
      }
      throw failed;
    }
  }
}
