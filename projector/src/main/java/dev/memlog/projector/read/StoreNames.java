package dev.memlog.projector.read;

/** The names of the projector's state stores, which the query side looks up. */
public final class StoreNames {
  /** Conversation summaries with their latest messages, by event key text; JSON values. */
  public static final String CONVERSATION_SUMMARIES = "conversation-summaries";
  /** Entities by event key text; JSON values. */
  public static final String ENTITIES = "entities";
  /** A partition's read-model shard: SQLite rows, FTS5 index and applied offset, restored from the events topic. */
  public static final String SQLITE = "read-model";

  private StoreNames() {}
}
