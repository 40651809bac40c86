package dev.memlog.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys a node accepts. Only SHA-256 hashes of the keys are kept: a key is random (256 bits), so its hash
 * cannot be reversed, and a leaked key file lets nobody in.
 */
public final class ApiKeys {

  /** The word that binds a key to the admin endpoints instead of a tenant. */
  public static final String ADMIN = "admin";

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Caller> byHash;

  private ApiKeys(Map<String, Caller> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /**
   * Keys from {@code hash → tenant} entries ({@value #ADMIN} for an administrator key).
   *
   * @throws IllegalArgumentException if a hash is not 64 hex digits or a tenant is not a valid tenant name
   */
  public static ApiKeys of(Map<String, String> tenantByHash) {
    var byHash = new HashMap<String, Caller>();
    tenantByHash.forEach((hash, tenant) -> {
      if (!HASH.matcher(hash).matches()) {
        throw new IllegalArgumentException("an API key hash must be 64 lower-case hex digits (SHA-256), got '"
            + hash + "'");
      }
      if (!tenant.equals(ADMIN) && !TENANT.matcher(tenant).matches()) {
        throw new IllegalArgumentException("'" + tenant + "' is not a tenant name nor '" + ADMIN + "'");
      }
      byHash.put(hash, tenant.equals(ADMIN) ? Caller.ADMIN : new Caller(tenant));
    });
    return new ApiKeys(byHash);
  }

  /** The caller a presented key belongs to; empty for an unknown key. */
  public Optional<Caller> authenticate(String key) {
    return key == null || key.isBlank() ? Optional.empty() : Optional.ofNullable(byHash.get(hash(key.strip())));
  }

  /** How many keys there are. */
  public int size() {
    return byHash.size();
  }

  /** A new random key: {@code mlk_} and 43 URL-safe characters. */
  public static String newKey() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "mlk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of a key, in lower-case hex, as stored. */
  public static String hash(String key) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
