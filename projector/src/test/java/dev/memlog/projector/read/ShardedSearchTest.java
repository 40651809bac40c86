package dev.memlog.projector.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search over two shards: each ranks its own matches, the merged page is cut once, and only the shards whose
 * matches made the page are asked for snippets, of those matches alone.
 */
class ShardedSearchTest {

  @TempDir Path dir;

  private final List<ProjectedReadModel> opened = new ArrayList<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeShards() {
    opened.forEach(ProjectedReadModel::close);
  }

  @Test
  void shouldMergeTheShardsBestMatchesAndSnippetOnlyThePage() {
    var shards = twoShards(false);

    var result = new MemoryReader(shards).searchServed("acme", SearchQuery.parse("kettle", SearchQuery.Mode.ANY),
        SearchFilter.NONE, 3, 0);

    assertThat(result.partitions()).containsExactly(0, 1);
    assertThat(result.hits()).hasSize(3);
    assertThat(result.hits()).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(result.hits()).extracting(SearchHit::conversationId).contains("c-east", "c-west");
    for (var hit : result.hits()) {
      assertThat(hit.snippet()).as("the snippet of %s", hit.messageId()).contains("<mark>kettle</mark>")
          .contains(hit.messageId().replace("m-", "word"));
      assertThat(hit.matchedTerms()).containsExactly("kettle");
    }
    var details = asked.stream().filter(a -> a.startsWith("search-details")).toList();
    assertThat(details).as("snippets asked of the remote shard for its hits on the page only")
        .hasSize(1).first().asString().endsWith(String.valueOf(
            result.hits().stream().filter(h -> h.conversationId().equals("c-west")).count()));
  }

  @Test
  void shouldCutThePageAgainWithoutAShardThatCannotMakeItsSnippets() {
    var shards = twoShards(true);

    var result = new MemoryReader(shards).searchServed("acme", SearchQuery.parse("kettle", SearchQuery.Mode.ANY),
        SearchFilter.NONE, 3, 0);

    assertThat(result.partitions()).containsExactly(0);
    assertThat(result.hits()).hasSize(3).extracting(SearchHit::conversationId).containsOnly("c-east");
    assertThat(result.hits()).allSatisfy(hit -> assertThat(hit.snippet()).contains("<mark>kettle</mark>"));
  }

  /**
   * Partition 0 on this node, partition 1 read through a router (as on another node), each with four messages
   * about a kettle; the remote one fails to make snippets when {@code snippetsFail}.
   */
  private LocalShards twoShards(boolean snippetsFail) {
    var east = project(dir.resolve("east.db"), "c-east", 0);
    var west = project(dir.resolve("west.db"), "c-west", 1);
    var shards = new LocalShards(2);
    shards.opened(0, new LocalShards.Shard(0, dir.resolve("east.db"), Map::of, (topic, offsets, timeout) -> false,
        () -> east, key -> Optional.empty()));
    shards.serving(0);
    shards.route(new LocalShards.Router() {
      @Override
      public Optional<ShardReads> remote(int partition) {
        return Optional.of(new ShardReads() {
          @Override
          public <T> T query(String name, RowsReader<T> reader, Object... params) {
            if (name.equals("search-details")) {
              asked.add(name + " " + params[1].toString().split(",").length);
              if (snippetsFail) {
                throw new ReadUnavailableException("partition 1 moved");
              }
            }
            return west.query(name, reader, params);
          }
        });
      }

      @Override
      public boolean awaitApplied(int partition, long offset, Duration timeout) {
        return false;
      }
    });
    return shards;
  }

  /**
   * Messages m-{first}, m-{first + 2}, m-{first + 4}, m-{first + 6}: the kettle, and as many other words as the
   * number says, so shorter ones rank first and the shards' matches interleave.
   */
  private ReadConnections project(Path file, String conversationId, int first) {
    var acme = Events.forTenant("acme", new EventSource("bot", "test"));
    var history = new ArrayList<MemoryEvent>();
    for (int i = first; i < first + 8; i += 2) {
      history.add(acme.messageAppended(conversationId, "m-" + i, Role.USER, "kettle word" + i + " filler".repeat(i)));
    }
    var model = ProjectedReadModel.of(file, history);
    opened.add(model);
    return model.reads();
  }
}
