package dev.memlog.projector.read;

import java.time.Instant;
import java.util.List;

/**
 * A message that matched a search, and why: {@code score} is the relevance the hits are ranked by (higher is
 * better), made of the parts in {@code why} ({@code (bm25 + context) × speaker × time}); {@code snippet} shows the matched words between {@code <mark>} and
 * {@code </mark>}, and {@code matchedTerms} lists the words of the message that matched, as written.
 */
public record SearchHit(
    String conversationId, String messageId, String role, String agentId, Instant occurredAt, double score,
    String snippet, List<String> matchedTerms, Why why) {

  /**
   * The parts of a hit's score.
   *
   * @param bm25 the message's own bm25 relevance (SQLite's bm25() with its sign turned)
   * @param context what it gained from the better of its neighbouring turns in the conversation (0 when neither
   *     matched, or with the plain bm25 ranking)
   * @param speaker the factor of a message whose speaker (agent id) the question names, else 1
   * @param time the factor of a message from a month or year the question names, else 1
   */
  public record Why(double bm25, double context, double speaker, double time) {}
}
