package dev.memlog.ingest.read;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answers of the memlog HTTP API's reads, field for field (see the node's {@code /openapi.yaml}); fields a
 * newer node adds are ignored. Fields the API documents as nullable may be null.
 */
public final class ReadAnswers {

  private ReadAnswers() {}

  /** How fresh an answer is: per partition read, the offset applied and the lag (null when unknown). */
  public record Freshness(Long lag, List<PartitionFreshness> partitions) {}

  /** One partition's freshness; {@code servedBy} is the host:port of the node that answered for it. */
  public record PartitionFreshness(int partition, long appliedOffset, long endOffset, Long lag, Instant lastEventAt,
      String servedBy, boolean standby) {}

  /** A message; {@code content} is null once it was redacted. */
  public record Message(String messageId, String role, String agentId, String content, Instant occurredAt,
      boolean redacted) {}

  /** A conversation's summary and latest messages. */
  public record ConversationSummary(String conversationId, String title, String agentId, Instant startedAt,
      long messageCount, Instant lastMessageAt, List<Message> latestMessages) {}

  /** The answer to {@link MemlogReader#conversation}. */
  public record ConversationAnswer(ConversationSummary conversation, Freshness freshness) {}

  /** One page of a conversation's history; {@code nextCursor} is null on the last page. */
  public record MessagePage(String conversationId, List<Message> messages, String nextCursor, Freshness freshness) {}

  /** One search hit, with its score and the matched words in its snippet between {@code <mark>} tags. */
  public record SearchHit(String conversationId, String messageId, String role, String agentId, Instant occurredAt,
      double score, String snippet, List<String> matchedTerms) {}

  /** The hits, best first; {@code partial} when the partitions in {@code missingPartitions} could not be read. */
  public record SearchAnswer(List<SearchHit> hits, int found, boolean partial, List<Integer> missingPartitions,
      Freshness freshness) {

    public SearchAnswer {
      missingPartitions = missingPartitions == null ? List.of() : missingPartitions;
    }
  }

  /** An entity. */
  public record Entity(String entityId, String entityType, String name, Map<String, String> attributes,
      Instant updatedAt) {}

  /** The answer to {@link MemlogReader#entity}. */
  public record EntityAnswer(Entity entity, Freshness freshness) {}

  /** A typed, weighted relation between two entities. */
  public record Relation(String fromEntityId, String relationType, String toEntityId, double strength,
      Instant assertedAt) {}

  /** The relations from and to an entity, strongest first. */
  public record RelationsAnswer(String entityId, List<Relation> outgoing, List<Relation> incoming,
      Freshness freshness) {}

  /** The entities within {@code depth} relations of an entity, each with its distance, and the relations between. */
  public record NeighboursAnswer(String entityId, Map<String, Integer> entities, List<Relation> relations,
      boolean truncated, Freshness freshness) {}

  /** A message that mentions an entity. */
  public record Mention(String conversationId, String messageId, String content, Instant occurredAt) {}

  /** The messages that mention an entity, newest first. */
  public record MentionsAnswer(String entityId, List<Mention> mentions, Freshness freshness) {}

  /** Every partition's freshness. */
  public record FreshnessAnswer(Freshness freshness) {}
}
