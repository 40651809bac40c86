package dev.memlog.api.auth;

/**
 * Who a request comes from: a tenant's key, or an administrator's key (admin endpoints only).
 *
 * @param tenant the tenant the key is bound to; null for an administrator
 */
public record Caller(String tenant) {

  public static final Caller ADMIN = new Caller(null);

  public boolean admin() {
    return tenant == null;
  }
}
