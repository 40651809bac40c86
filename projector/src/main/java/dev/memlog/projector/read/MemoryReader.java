package dev.memlog.projector.read;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.sqlite.MessageRows;
import dev.memlog.projector.sqlite.Micros;
import dev.memlog.projector.view.MessageView;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;

/** Reads conversation history and search results from the SQLite read model, every query scoped to one tenant. */
public final class MemoryReader {

  private final LocalShards shards;

  public MemoryReader(LocalShards shards) {
    this.shards = shards;
  }

  public boolean conversationExists(String tenant, String conversationId) {
    return shards.forKey(EventKey.conversation(tenant, conversationId))
        .query("conversation-exists", ResultSet::next, tenant, conversationId);
  }

  /**
   * A conversation's messages in the window, in time order (oldest first, or newest first when
   * {@code newestFirst}), {@code limit} at a time, after the position {@code cursor} names (null for the first
   * page).
   *
   * @param window the times to keep, either end open
   * @param asOf the past point to read at, or {@link AsOf#NOW}
   * @throws IllegalArgumentException if the cursor is not one this reader gave out
   */
  public Page<MessageView> messages(String tenant, String conversationId, TimeWindow window, AsOf asOf,
      boolean newestFirst, String cursor, int limit) {
    var after = cursor == null ? null : Cursor.decode(cursor);
    var name = newestFirst ? "messages-page-desc" : "messages-page-asc";
    List<MessageView> items = shards.forKey(EventKey.conversation(tenant, conversationId)).query(name, rows -> {
      var list = new ArrayList<MessageView>();
      while (rows.next()) {
        list.add(MessageRows.read(rows));
      }
      return list;
    }, tenant, conversationId, after == null ? null : after.micros(), after == null ? null : after.messageId(),
        micros(window.from()), micros(window.to()), limit + 1, micros(asOf.time()), asOf.offset());
    if (items.size() <= limit) {
      return new Page<>(items, null);
    }
    var last = items.get(limit - 1);
    return new Page<>(items.subList(0, limit), new Cursor(Micros.of(last.occurredAt()), last.messageId()).encode());
  }

  /** Messages matching the query and the filter, best first; see {@link #searchServed}. */
  public List<SearchHit> search(String tenant, SearchQuery query, SearchFilter filter, int limit, int offset) {
    return searchServed(tenant, query, filter, limit, offset).hits();
  }

  /**
   * Messages matching the query and the filter, best first, with the terms each one matched, and the partitions
   * read. A conversation filter reads the conversation's shard; otherwise every shard this node serves ranks its
   * best {@code offset + limit} matches, they are merged and the page is cut, and only the shards whose matches
   * made the page make their snippets (an answer that could not read every partition says so by the partitions
   * it lists). Each shard scores with bm25 over its own rows (its own term statistics): keys are
   * hashed over partitions, so shards' statistics are samples of one distribution, and their scores compare.
   */
  public SearchResult searchServed(String tenant, SearchQuery query, SearchFilter filter, int limit, int offset) {
    if (filter.conversationId() != null) {
      var key = EventKey.conversation(tenant, filter.conversationId());
      var reads = shards.forKey(key);
      var ranked = ShardSearch.ranked(reads, tenant, query, filter, offset + limit);
      return new SearchResult(ShardSearch.hits(reads, query, cut(ranked, offset, limit)),
          List.of(shards.partitionOf(key)));
    }
    var serving = shards.serving();
    var merged = new ArrayList<Match>();
    var read = new ArrayList<Integer>();
    for (var shard : serving.entrySet()) {
      try {
        // a shard's match below its own first offset + limit cannot make the page: that many of its rank above it
        cut(ShardSearch.ranked(shard.getValue(), tenant, query, filter, offset + limit), 0, offset + limit)
            .forEach(r -> merged.add(new Match(shard.getKey(), r)));
        read.add(shard.getKey());
      } catch (ReadUnavailableException e) {
        // the answer lists the partitions it read: this one is missing from it, not silently
      }
    }
    merged.sort(Comparator.comparing(Match::ranked, ContextRanking.ORDER));
    while (true) {
      var page = cut(merged, offset, limit);
      var byPartition = new LinkedHashMap<Integer, List<ContextRanking.Ranked>>();
      page.forEach(m -> byPartition.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(m.ranked()));
      var hits = new IdentityHashMap<ContextRanking.Ranked, SearchHit>();
      Integer lost = null;
      for (var shard : byPartition.entrySet()) {
        try {
          var found = ShardSearch.hits(serving.get(shard.getKey()), query, shard.getValue());
          for (int i = 0; i < found.size(); i++) {
            hits.put(shard.getValue().get(i), found.get(i));
          }
        } catch (ReadUnavailableException e) {
          lost = shard.getKey();
          break;
        }
      }
      if (lost == null) {
        return new SearchResult(page.stream().map(m -> hits.get(m.ranked())).toList(), List.copyOf(read));
      }
      // the shard ranked its matches but could not make their snippets: the page is cut again without it
      int gone = lost;
      merged.removeIf(m -> m.partition() == gone);
      read.remove(Integer.valueOf(gone));
    }
  }

  /** A shard's ranked match, and the partition whose shard ranked it. */
  private record Match(int partition, ContextRanking.Ranked ranked) {}

  private static <T> List<T> cut(List<T> ranked, int offset, int limit) {
    return ranked.subList(Math.min(offset, ranked.size()), Math.min(offset + limit, ranked.size()));
  }

  /** The partitions whose shards this node serves now. */
  public List<Integer> servedPartitions() {
    return shards.servedPartitions();
  }

  /** The partitions of the events topic. */
  public int partitions() {
    return shards.partitions();
  }

  /** Search hits, and the partitions whose shards were read to find them. */
  public record SearchResult(List<SearchHit> hits, List<Integer> partitions) {}

  private static Long micros(Instant instant) {
    return instant == null ? null : Micros.of(instant);
  }

  /** A keyset position: the (occurred_at, message_id) of the last message of a page. */
  private record Cursor(long micros, String messageId) {
    String encode() {
      var text = micros + ":" + messageId;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("cursor is not valid: " + cursor, e);
      }
    }
  }
}
