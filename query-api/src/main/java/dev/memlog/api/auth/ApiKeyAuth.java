package dev.memlog.api.auth;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import java.util.Map;

/**
 * Checks the API key of every {@code /v1/} request once its route is matched: no key or an unknown key is a 401;
 * a tenant's key on another tenant's path, a tenant key on an admin route or an admin key on a tenant route is a
 * 403. Routes of neither kind (the freshness of the node) take any valid key. The answer never says whether anything exists in another tenant.
 */
public final class ApiKeyAuth {

  private static final String BEARER = "Bearer ";
  private static final String ATTRIBUTE = "memlog.caller";

  private final ApiKeys keys;

  public ApiKeyAuth(ApiKeys keys) {
    this.keys = keys;
  }

  /** A before-matched handler for every route under {@code /v1/}. */
  public void check(Context ctx) {
    if (!ctx.path().startsWith("/v1/")) {
      return;
    }
    var caller = keys.authenticate(presentedKey(ctx)).orElseThrow(() -> {
      ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"memlog\"");
      return new HttpResponseException(401, "a valid API key is required: Authorization: Bearer KEY",
          Map.of());
    });
    var admin = ctx.path().startsWith("/v1/admin/");
    var tenantRoute = ctx.pathParamMap().containsKey("tenant");
    if (admin && !caller.admin()) {
      throw new HttpResponseException(403, "this route needs an admin key", Map.of());
    }
    if (tenantRoute && caller.admin()) {
      throw new HttpResponseException(403, "an admin key cannot read tenant data", Map.of());
    }
    if (tenantRoute && !ctx.pathParam("tenant").equals(caller.tenant())) {
      throw new HttpResponseException(403, "this key is not valid for tenant '" + ctx.pathParam("tenant") + "'",
          Map.of());
    }
    ctx.attribute(ATTRIBUTE, caller);
  }

  private static String presentedKey(Context ctx) {
    var authorization = ctx.header(Header.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length());
    }
    return ctx.header("X-Api-Key");
  }
}
