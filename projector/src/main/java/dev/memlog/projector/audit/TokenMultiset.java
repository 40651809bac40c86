package dev.memlog.projector.audit;

import java.nio.ByteBuffer;

/**
 * An order-independent hash of a multiset of FTS tokens: the sum, modulo 2^128, of a SHA-256-derived value of
 * each (message key, term, position). The index is read in term order, not in message-key order, and sorting
 * every token would cost more than the index itself; a sum needs no order.
 */
final class TokenMultiset {

  private long high;
  private long low;
  private long count;

  void add(String tenant, String conversationId, String messageId, String term, long offset) {
    var hasher = new RowHasher();
    hasher.value(tenant);
    hasher.value(conversationId);
    hasher.value(messageId);
    hasher.value(term);
    hasher.value(offset);
    var bytes = ByteBuffer.wrap(hasher.finish());
    long addLow = bytes.getLong(8);
    long sum = low + addLow;
    high += bytes.getLong(0) + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
    low = sum;
    count++;
  }

  long count() {
    return count;
  }

  byte[] value() {
    return ByteBuffer.allocate(2 * Long.BYTES + Long.BYTES).putLong(high).putLong(low).putLong(count).array();
  }

  boolean sameAs(TokenMultiset other) {
    return high == other.high && low == other.low && count == other.count;
  }
}
