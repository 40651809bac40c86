package dev.memlog.projector.sqlite;

import dev.memlog.ingest.event.EventKey;
import java.util.Optional;
import java.util.Set;

/**
 * Where the hot views of one input partition go (a task's RocksDB stores). The writer fills it: every view of the
 * partition when it is attached, then the views of the keys a batch touched, just before the batch commits to
 * SQLite, so a reader that waited for an offset to be applied also sees its views.
 */
public interface ViewStore {

  /** Stores the view of {@code key} (a {@code ConversationSummary} or an {@code EntityView}), or deletes it. */
  void write(EventKey key, Optional<?> view);

  /** Deletes every view whose key is not in {@code keys}. */
  void retainOnly(Set<EventKey> keys);
}
