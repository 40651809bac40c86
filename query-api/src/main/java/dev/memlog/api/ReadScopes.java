package dev.memlog.api;

import dev.memlog.projector.read.ReadScope;
import io.javalin.http.Context;
import java.util.OptionalLong;

/**
 * Opens each request's {@link ReadScope} on its thread, with the standby lag the caller accepts (the query
 * parameter {@value #MAX_STANDBY_LAG}: a standby further behind does not answer), and closes it after.
 */
final class ReadScopes {

  static final String MAX_STANDBY_LAG = "maxStandbyLag";

  private ReadScopes() {}

  static void open(Context ctx) {
    ReadScope.close();
    int bound = Params.integer(ctx, MAX_STANDBY_LAG, -1, 0, Integer.MAX_VALUE);
    ReadScope.open(bound < 0 ? OptionalLong.empty() : OptionalLong.of(bound));
  }

  static void close(Context ctx) {
    ReadScope.close();
  }
}
