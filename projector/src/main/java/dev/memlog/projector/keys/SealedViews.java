package dev.memlog.projector.keys;

import java.nio.charset.StandardCharsets;
import dev.memlog.ingest.event.InvalidEventException;
import java.util.Optional;

/**
 * Seals the RocksDB views (conversation summaries, entities) with a key of their subject. Kafka Streams copies
 * every view into a changelog topic, which would otherwise hold message content and entity names in plain text
 * that no key can shred. A view of a subject without keys (written in plain text) stays plain.
 *
 * <p>A sealed view is: the byte 1, the key id (22 ASCII bytes), the nonce and the AES-256-GCM ciphertext bound to
 * the store and the subject. A plain view is JSON, whose first byte is never 1.
 */
public final class SealedViews {

  private static final byte SEALED_V1 = 1;
  private static final int KEY_ID_BYTES = 22;

  private final SubjectKeys keys;

  public SealedViews(SubjectKeys keys) {
    this.keys = keys;
  }

  /** The view to store: sealed with a key of {@code subject} if it has one, else {@code json} as it is. */
  public byte[] seal(String store, String subject, byte[] json) {
    var key = keys.current(subject);
    if (key.isEmpty()) {
      return json;
    }
    var sealed = key.get().seal(json, aad(store, subject));
    var value = new byte[1 + KEY_ID_BYTES + sealed.length];
    value[0] = SEALED_V1;
    System.arraycopy(key.get().keyId().getBytes(StandardCharsets.US_ASCII), 0, value, 1, KEY_ID_BYTES);
    System.arraycopy(sealed, 0, value, 1 + KEY_ID_BYTES, sealed.length);
    return value;
  }

  /**
   * The JSON of a stored view; empty if it is sealed with a key that no longer exists (its subject was forgotten).
   *
   * @throws IllegalArgumentException if a sealed view does not authenticate
   */
  public Optional<byte[]> open(String store, String subject, byte[] value) {
    if (value.length == 0 || value[0] != SEALED_V1) {
      return Optional.of(value);
    }
    var keyId = new String(value, 1, KEY_ID_BYTES, StandardCharsets.US_ASCII);
    try {
      return keys.find(subject, keyId).map(key -> key.open(value, 1 + KEY_ID_BYTES, aad(store, subject)));
    } catch (InvalidEventException e) {
      // a view is sealed with a key the vault held; one it no longer knows of was shredded and compacted away
      return Optional.empty();
    }
  }

  private static byte[] aad(String store, String subject) {
    return ("memlog.view.v1\0" + store + '\0' + subject).getBytes(StandardCharsets.UTF_8);
  }
}
