package dev.memlog.projector.stream;

/** The names of the projector's state stores, which the query side looks up. */
public final class StoreNames {
  /** Conversation summaries with their latest messages, by event key text; JSON values. */
  public static final String CONVERSATION_SUMMARIES = "conversation-summaries";
  /** Entities by event key text; JSON values. */
  public static final String ENTITIES = "entities";
  /** The SQLite read model, seen by Kafka Streams as a store so that it commits before the offsets do. */
  public static final String SQLITE = "sqlite-read-model";

  private StoreNames() {}
}
