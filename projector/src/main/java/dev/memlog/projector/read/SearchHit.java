package dev.memlog.projector.read;

import java.time.Instant;
import java.util.List;

/**
 * A message that matched a search, and why: {@code score} is the bm25 relevance (higher is better; SQLite's
 * bm25() with its sign turned), {@code snippet} shows the matched words between {@code <mark>} and
 * {@code </mark>}, and {@code matchedTerms} lists the words of the message that matched, as written.
 */
public record SearchHit(
    String conversationId, String messageId, String role, String agentId, Instant occurredAt, double score,
    String snippet, List<String> matchedTerms) {}
