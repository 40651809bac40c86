package dev.memlog.api.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;

/** The /v1/admin routes; they are for operators, so the node puts them behind an admin key. */
public final class AdminController {

  public static final String CHECKSUM = "/v1/admin/checksum";
  public static final String PARTITION_REBUILD = "/v1/admin/partitions/{partition}/rebuild";
  public static final String DEAD_LETTERS = "/v1/admin/dead-letters";

  static final int MAX_DEAD_LETTERS = 1_000;

  /** How long a checksum may run unless the request asks for another bound ({@code timeoutMs}). */
  static final int CHECKSUM_TIMEOUT_MS = 60_000;
  static final int MAX_CHECKSUM_TIMEOUT_MS = 600_000;

  private final AdminOps ops;
  private final OneAtATime checksums = new OneAtATime("checksum");

  private AdminController(AdminOps ops) {
    this.ops = ops;
  }

  /** Adds the admin routes to {@code routes}. */
  public static void register(RoutesConfig routes, AdminOps ops) {
    var controller = new AdminController(ops);
    routes.get(CHECKSUM, controller::checksum);
    routes.post(PARTITION_REBUILD, controller::rebuild);
    routes.get(DEAD_LETTERS, controller::deadLetters);
  }

  private void checksum(Context ctx) throws InterruptedException {
    int timeoutMs = ctx.queryParam("timeoutMs") == null ? CHECKSUM_TIMEOUT_MS : ctx.queryParamAsClass("timeoutMs",
        Integer.class).check(v -> v >= 1 && v <= MAX_CHECKSUM_TIMEOUT_MS, "must be between 1 and "
        + MAX_CHECKSUM_TIMEOUT_MS).get();
    ctx.json(checksums.run(ctx, Duration.ofMillis(timeoutMs), ops::checksum));
  }

  private void rebuild(Context ctx) {
    int partition = ctx.pathParamAsClass("partition", Integer.class).check(p -> p >= 0, "must be 0 or more").get();
    try {
      var started = ops.rebuildPartition(partition);
      var body = new LinkedHashMap<String, Object>();
      body.put("partition", started.partition());
      body.put("rebuilding", true);
      body.put("endOffset", started.endOffset());
      body.put("rowsDropped", started.rowsDropped());
      ctx.status(202).json(body);
    } catch (IllegalStateException e) {
      throw new ConflictResponse(e.getMessage());
    }
  }

  private void deadLetters(Context ctx) {
    int limit = ctx.queryParam("limit") == null ? 100 : ctx.queryParamAsClass("limit", Integer.class)
        .check(v -> v >= 1 && v <= MAX_DEAD_LETTERS, "must be between 1 and " + MAX_DEAD_LETTERS).get();
    var letters = ops.deadLetters(limit, ctx.queryParam("reason"));
    var body = new LinkedHashMap<String, Object>();
    body.put("count", letters.size());
    body.put("deadLetters", letters);
    ctx.json(body);
  }
}
