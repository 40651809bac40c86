package dev.memlog.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The internal routes other nodes of the memory read this node's shards and hot views through. They need the
 * cluster token ({@link ClusterOps#TOKEN_HEADER}); they are not part of the public API.
 */
final class ClusterController {

  static final String QUERY = "/internal/v1/shards/{partition}/query";
  static final String AWAIT = "/internal/v1/shards/{partition}/applied";
  static final String VIEW = "/internal/v1/views/{store}";
  static final String CHECKSUM = "/internal/v1/shards/{partition}/checksum";

  /** The longest a peer may wait for an offset here. */
  private static final int MAX_WAIT_MS = 30_000;

  private final ClusterOps cluster;
  private final int partitions;
  private final WaitingWork waits;

  /** {@code waits}: where another node's wait for an offset here waits, as this node's own waiting reads do. */
  ClusterController(ClusterOps cluster, int partitions, WaitingWork waits) {
    this.cluster = cluster;
    this.partitions = partitions;
    this.waits = waits;
  }

  void check(Context ctx) {
    if (ctx.path().startsWith("/internal/") && !cluster.trusts(ctx.header(ClusterOps.TOKEN_HEADER))) {
      throw new HttpResponseException(403, "internal routes need this cluster's token", Map.of());
    }
  }

  void query(Context ctx) {
    var request = ctx.bodyAsClass(QueryRequest.class);
    if (request.statement() == null) {
      throw ApiException.badRequest("statement is required");
    }
    try {
      ctx.json(cluster.query(partition(ctx), request.statement(),
          request.params() == null ? List.of() : request.params(), "true".equals(ctx.queryParam("standby"))));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  void awaitApplied(Context ctx) {
    long offset;
    try {
      offset = Long.parseLong(String.valueOf(ctx.queryParam("offset")));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("offset must be a number");
    }
    int waitMs = Params.integer(ctx, "waitMs", 0, 0, MAX_WAIT_MS);
    int partition = partition(ctx);
    waits.run(ctx, () -> ctx.json(Map.of("applied",
        cluster.awaitApplied(partition, offset, Duration.ofMillis(waitMs)))));
  }

  void checksum(Context ctx) {
    ctx.json(cluster.checksum(partition(ctx)));
  }

  void view(Context ctx) {
    var key = ctx.queryParam("key");
    if (key == null) {
      throw ApiException.badRequest("key is required");
    }
    ClusterOps.View view;
    try {
      view = cluster.view(ctx.pathParam("store"), key, "true".equals(ctx.queryParam("standby")));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    ctx.header(ClusterOps.APPLIED_HEADER, "" + view.appliedOffset());
    if (view.value() == null) {
      ctx.status(404);
      return;
    }
    ctx.contentType("application/octet-stream").result(view.value());
  }

  private int partition(Context ctx) {
    try {
      int partition = Integer.parseInt(ctx.pathParam("partition"));
      if (partition >= 0 && partition < partitions) {
        return partition;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("partition must be between 0 and " + (partitions - 1));
  }

  /** A named read statement and its parameters, in order. */
  record QueryRequest(String statement, List<Object> params) {}
}
