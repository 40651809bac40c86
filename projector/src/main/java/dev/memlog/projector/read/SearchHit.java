package dev.memlog.projector.read;

import java.time.Instant;

/**
 * A message that matched a search: {@code score} is the bm25 relevance (higher is better; SQLite's bm25() with
 * its sign turned) and {@code snippet} shows the matched words between {@code <mark>} and {@code </mark>}.
 */
public record SearchHit(
    String conversationId, String messageId, String role, String agentId, Instant occurredAt, double score,
    String snippet) {}
