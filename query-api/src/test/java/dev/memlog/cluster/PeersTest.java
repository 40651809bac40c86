package dev.memlog.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memlog.api.ProjectedMemory;
import dev.memlog.projector.keys.SealedViews;
import dev.memlog.projector.keys.SubjectKeys;
import dev.memlog.projector.read.AsOf;
import dev.memlog.projector.read.HotStoreReader;
import dev.memlog.projector.read.MemoryReader;
import dev.memlog.projector.read.ReadScope;
import dev.memlog.projector.read.ReadUnavailableException;
import dev.memlog.projector.read.TimeWindow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that keeps a standby of a shard whose active node cannot answer: the standby answers, the read names it,
 * and a caller's bound on the standby's lag is kept. The shard is real (projected by the real topology); the
 * active node is an address nothing listens on.
 */
class PeersTest {

  private static final TopicPartition PARTITION = new TopicPartition(ProjectedMemory.TOPIC, 0);
  private static final HostInfo SELF = new HostInfo("127.0.0.1", 7001);
  private static final int BEHIND = 5;

  @TempDir Path dir;

  private ProjectedMemory memory;
  private long applied;
  private Peers peers;

  @BeforeEach
  void standbyHereActiveGone() throws IOException {
    memory = new ProjectedMemory(dir);
    memory.shards.notServing(0);
    applied = memory.shards.appliedOffset(0);
    var gone = new HostInfo("127.0.0.1", freePort());
    peers = new Peers(() -> List.of(node(gone, Set.of(PARTITION), Set.of()), node(SELF, Set.of(), Set.of(PARTITION))),
        () -> SELF, ProjectedMemory.TOPIC, memory.shards, "token", Duration.ofSeconds(2),
        partition -> applied + 1 + BEHIND);
    memory.shards.route(peers);
    memory.shards.node(SELF.host() + ":" + SELF.port());
  }

  @AfterEach
  void close() {
    ReadScope.close();
    memory.close();
  }

  @Test
  void shouldAnswerFromTheStandbyAndNameItWhenTheActiveNodeCannotAnswer() {
    var scope = ReadScope.open(OptionalLong.empty());

    var page = new MemoryReader(memory.shards).messages("acme", "c-1001", TimeWindow.ALL, AsOf.NOW, false, null, 10);

    assertThat(page.items()).isNotEmpty();
    assertThat(scope.servedBy(0)).contains(new ReadScope.Served("127.0.0.1:7001", true, applied));
  }

  @Test
  void shouldServeAHotViewFromTheStandbyWhenTheActiveNodeCannotAnswer() {
    var scope = ReadScope.open(OptionalLong.of(BEHIND));
    var views = new HotStoreReader(memory.driver::getKeyValueStore, new SealedViews(SubjectKeys.NONE),
        new SimpleMeterRegistry(), memory.shards, peers);

    assertThat(views.summary("acme", "c-1001")).hasValueSatisfying(summary ->
        assertThat(summary.title()).isEqualTo("Red kettle delivery is late"));
    assertThat(scope.servedBy(0)).hasValueSatisfying(served -> assertThat(served.standby()).isTrue());
  }

  @Test
  void shouldRefuseAStandbyFurtherBehindThanTheCallerAccepts() {
    var reader = new MemoryReader(memory.shards);
    ReadScope.open(OptionalLong.of(BEHIND - 1));

    assertThatThrownBy(() -> reader.messages("acme", "c-1001", TimeWindow.ALL, AsOf.NOW, false, null, 10))
        .isInstanceOf(ReadUnavailableException.class)
        .hasMessageContaining("is " + BEHIND + " records behind, more than maxStandbyLag " + (BEHIND - 1));

    var scope = ReadScope.open(OptionalLong.of(BEHIND));
    assertThat(reader.messages("acme", "c-1001", TimeWindow.ALL, AsOf.NOW, false, null, 10).items()).isNotEmpty();
    assertThat(scope.servedBy(0)).isPresent();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static StreamsMetadata node(HostInfo host, Set<TopicPartition> active, Set<TopicPartition> standby) {
    return new StreamsMetadata() {
      @Override
      public HostInfo hostInfo() {
        return host;
      }

      @Override
      public Set<String> stateStoreNames() {
        return Set.of();
      }

      @Override
      public Set<TopicPartition> topicPartitions() {
        return active;
      }

      @Override
      public Set<TopicPartition> standbyTopicPartitions() {
        return standby;
      }

      @Override
      public Set<String> standbyStateStoreNames() {
        return Set.of();
      }

      @Override
      public String host() {
        return host.host();
      }

      @Override
      public int port() {
        return host.port();
      }
    };
  }
}
