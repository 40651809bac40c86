package dev.memlog.projector.read;

import dev.memlog.projector.view.MessageView;
import dev.memlog.projector.sqlite.MessageRows;

import dev.memlog.ingest.event.EventKey;
import java.util.Comparator;

import dev.memlog.projector.sqlite.Micros;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads conversation history and search results from the SQLite read model, every query scoped to one tenant. */
public final class MemoryReader {

  /** The order of hits: best score first, then newest, then by message id (as each shard ranks them). */
  private static final Comparator<SearchHit> RANK = Comparator.comparingDouble(SearchHit::score).reversed()
      .thenComparing(SearchHit::occurredAt, Comparator.reverseOrder()).thenComparing(SearchHit::messageId);

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
   * read. A conversation filter reads the conversation's shard; otherwise every shard this node serves answers its
   * best {@code offset + limit} hits and they are merged (an answer that could not read every partition says so
   * by the partitions it lists). Each shard scores with bm25 over its own rows (its own term statistics): keys are
   * hashed over partitions, so shards' statistics are samples of one distribution, and their scores compare.
   */
  public SearchResult searchServed(String tenant, SearchQuery query, SearchFilter filter, int limit, int offset) {
    if (filter.conversationId() != null) {
      var key = EventKey.conversation(tenant, filter.conversationId());
      return new SearchResult(search(shards.forKey(key), tenant, query, filter, limit, offset),
          List.of(shards.partitionOf(key)));
    }
    var merged = new ArrayList<SearchHit>();
    var read = new ArrayList<Integer>();
    for (var shard : shards.serving().entrySet()) {
      try {
        merged.addAll(search(shard.getValue(), tenant, query, filter, offset + limit, 0));
        read.add(shard.getKey());
      } catch (ReadUnavailableException e) {
        // the answer lists the partitions it read: this one is missing from it, not silently
      }
    }
    merged.sort(RANK);
    return new SearchResult(List.copyOf(merged.subList(Math.min(offset, merged.size()),
        Math.min(offset + limit, merged.size()))), List.copyOf(read));
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

  private static List<SearchHit> search(ShardReads reads, String tenant, SearchQuery query,
      SearchFilter filter, int limit, int offset) {
    return ShardSearch.search(reads, tenant, query, filter, limit, offset);
  }

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
