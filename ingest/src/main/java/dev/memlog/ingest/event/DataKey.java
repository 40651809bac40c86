package dev.memlog.ingest.event;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES data key that seals the content of the events of one subject (a conversation or an entity), as
 * kept in the compacted keys topic: record key {@code SUBJECT/KEYID}, record value {@link #recordValue()}.
 *
 * <p>A key is never changed once written. Several keys may exist for one subject (each client creates its own);
 * every sealed event names the key it was sealed with. Forgetting the subject deletes (tombstones) all of them.
 *
 * @param subject the event key text of the subject, e.g. {@code acme/conversation/c-42}, not null
 * @param keyId a random id of 22 URL-safe base64 characters, unique among the subject's keys, not null
 * @param key the AES key, not null
 */
public record DataKey(String subject, String keyId, SecretKeySpec key) {

  /** The first byte of a key record's value: the format version. */
  private static final byte FORMAT_V1 = 1;
  private static final int KEY_BYTES = 32;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public DataKey {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("a key id is 22 URL-safe base64 characters, got '" + keyId + "'");
    }
  }

  /** A new random key for the subject. */
  public static DataKey generate(String subject) {
    var id = new byte[16];
    var key = new byte[KEY_BYTES];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(key);
    return new DataKey(subject, Base64.getUrlEncoder().withoutPadding().encodeToString(id),
        new SecretKeySpec(key, "AES"));
  }

  /**
   * Reads a key record of the keys topic.
   *
   * @throws IllegalArgumentException if the record key is not {@code SUBJECT/KEYID} or the value is not a
   *     version 1 key record
   */
  public static DataKey fromRecord(byte[] recordKey, byte[] value) {
    var text = new String(Objects.requireNonNull(recordKey, "recordKey"), StandardCharsets.UTF_8);
    if (value == null || value.length != KEY_BYTES + 1 || value[0] != FORMAT_V1) {
      throw new IllegalArgumentException("the value of key record " + text + " is not a version 1 key");
    }
    return new DataKey(subjectOf(text), keyIdOf(text), new SecretKeySpec(Arrays.copyOfRange(value, 1,
        value.length), "AES"));
  }

  /** The record key in the keys topic: {@code SUBJECT/KEYID}. */
  public static String recordKey(String subject, String keyId) {
    return subject + '/' + keyId;
  }

  /** The subject named by a record key of the keys topic (everything before the last {@code /}). */
  public static String subjectOf(String recordKey) {
    int slash = recordKey.lastIndexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("a key record's key is SUBJECT/KEYID, got '" + recordKey + "'");
    }
    return recordKey.substring(0, slash);
  }

  private static String keyIdOf(String recordKey) {
    return recordKey.substring(recordKey.lastIndexOf('/') + 1);
  }

  /** {@link #recordKey(String, String)} of this key. */
  public String recordKey() {
    return recordKey(subject, keyId);
  }

  /** The record value in the keys topic: a format byte (1) and the 32 key bytes. */
  public byte[] recordValue() {
    var encoded = key.getEncoded();
    var value = new byte[encoded.length + 1];
    value[0] = FORMAT_V1;
    System.arraycopy(encoded, 0, value, 1, encoded.length);
    return value;
  }

  /**
   * Encrypts {@code plaintext} with this key (AES-256-GCM, a random nonce), bound to {@code aad}.
   *
   * @return the nonce (12 bytes) followed by the ciphertext and its tag
   */
  public byte[] seal(byte[] plaintext, byte[] aad) {
    var nonce = Aes256Gcm.nonce();
    var ciphertext = Aes256Gcm.encrypt(key, nonce, aad, plaintext);
    var sealed = new byte[nonce.length + ciphertext.length];
    System.arraycopy(nonce, 0, sealed, 0, nonce.length);
    System.arraycopy(ciphertext, 0, sealed, nonce.length, ciphertext.length);
    return sealed;
  }

  /**
   * Decrypts what {@link #seal(byte[], byte[])} wrote, starting at {@code offset} of {@code sealed}.
   *
   * @throws IllegalArgumentException if it does not authenticate with this key and {@code aad}
   */
  public byte[] open(byte[] sealed, int offset, byte[] aad) {
    if (sealed.length - offset < Aes256Gcm.NONCE_BYTES + 16) {
      throw new IllegalArgumentException("sealed bytes too short");
    }
    var nonce = Arrays.copyOfRange(sealed, offset, offset + Aes256Gcm.NONCE_BYTES);
    var ciphertext = Arrays.copyOfRange(sealed, offset + Aes256Gcm.NONCE_BYTES, sealed.length);
    try {
      return Aes256Gcm.decrypt(key, nonce, aad, ciphertext);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed bytes do not authenticate with key " + keyId, e);
    }
  }

  @Override
  public String toString() {
    return "DataKey[" + recordKey() + "]";
  }
}
