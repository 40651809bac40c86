package dev.memlog.projector.read;

/**
 * A message that matched a search, before it is ranked: its bm25 score and the matches of the same pool that are
 * the turns right before and after it in its conversation (null when that turn is not in the pool, and at either
 * end), so that the ranking can read a hit in its context.
 *
 * @param rowId the message's row, which the index and the neighbours refer to
 * @param occurredAt microseconds since the epoch
 * @param bm25 SQLite's bm25() with its sign turned (higher is better)
 */
record SearchCandidate(long rowId, String conversationId, String messageId, String role, String agentId,
    long occurredAt, double bm25, Long previousRowId, Long nextRowId) {

  /** The same match with its neighbouring matches. */
  SearchCandidate withNeighbours(Long previous, Long next) {
    return new SearchCandidate(rowId, conversationId, messageId, role, agentId, occurredAt, bm25, previous, next);
  }
}
