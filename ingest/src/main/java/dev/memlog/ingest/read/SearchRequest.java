package dev.memlog.ingest.read;

import java.time.Instant;
import java.util.Objects;

/**
 * A full-text search and its filters; null fields are left to the node's defaults. Build with {@link #of(String)}
 * and the {@code with...} methods.
 *
 * @param text the words to look for, not null
 * @param mode {@code any} (the default: common words dropped, the rest OR-ed) or {@code all}; may be null
 * @param limit the most hits, 1-100 (default 20); may be null
 * @param conversationId only this conversation's messages; may be null
 * @param role only messages of this role ({@code user}, {@code assistant}, {@code system}, {@code tool}); may be
 *     null
 * @param agentId only messages of this agent; may be null
 * @param from only messages that occurred at or after this time; may be null
 * @param to only messages that occurred before this time; may be null
 */
public record SearchRequest(String text, String mode, Integer limit, String conversationId, String role,
    String agentId, Instant from, Instant to) {

  public SearchRequest {
    Objects.requireNonNull(text, "text");
  }

  /** A search for {@code text} with the node's defaults. */
  public static SearchRequest of(String text) {
    return new SearchRequest(text, null, null, null, null, null, null, null);
  }

  public SearchRequest withMode(String mode) {
    return new SearchRequest(text, mode, limit, conversationId, role, agentId, from, to);
  }

  public SearchRequest withLimit(int limit) {
    return new SearchRequest(text, mode, limit, conversationId, role, agentId, from, to);
  }

  public SearchRequest inConversation(String conversationId) {
    return new SearchRequest(text, mode, limit, conversationId, role, agentId, from, to);
  }

  public SearchRequest byRole(String role) {
    return new SearchRequest(text, mode, limit, conversationId, role, agentId, from, to);
  }

  public SearchRequest byAgent(String agentId) {
    return new SearchRequest(text, mode, limit, conversationId, role, agentId, from, to);
  }

  public SearchRequest between(Instant from, Instant to) {
    return new SearchRequest(text, mode, limit, conversationId, role, agentId, from, to);
  }
}
