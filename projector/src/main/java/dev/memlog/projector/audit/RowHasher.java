package dev.memlog.projector.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Feeds SQL values to a SHA-256 digest in a canonical, self-delimiting encoding: a type tag, then the value
 * (integers as 8 bytes whatever width the driver returned, text as its UTF-8 length and bytes), so that no two
 * different rows can encode alike.
 */
final class RowHasher {

  private final MessageDigest digest = sha256();
  private final ByteBuffer eight = ByteBuffer.allocate(Long.BYTES);
  private long rows;

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  void value(Object value) {
    if (value == null) {
      digest.update((byte) 'N');
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      digest.update((byte) 'I');
      putLong(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      digest.update((byte) 'R');
      putLong(Double.doubleToLongBits(((Number) value).doubleValue()));
    } else if (value instanceof String text) {
      bytes((byte) 'T', text.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof byte[] blob) {
      bytes((byte) 'B', blob);
    } else {
      throw new IllegalArgumentException("no canonical encoding for " + value.getClass().getName());
    }
  }

  void endRow() {
    rows++;
  }

  long rows() {
    return rows;
  }

  byte[] finish() {
    return digest.digest();
  }

  private void bytes(byte tag, byte[] bytes) {
    digest.update(tag);
    putLong(bytes.length);
    digest.update(bytes);
  }

  private void putLong(long value) {
    eight.clear();
    eight.putLong(value);
    digest.update(eight.array());
  }
}
