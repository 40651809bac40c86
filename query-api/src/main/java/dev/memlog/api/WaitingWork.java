package dev.memlog.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * A bounded pool for requests that wait (for offsets to be applied, for Kafka to acknowledge). They wait here, not
 * on the threads that serve reads, so a crowd of waiting requests cannot hold those threads; when every thread of
 * the pool is taken, one more request is refused at once with 503 and Retry-After. The rest of the request (the
 * read after its wait) runs on the pool thread too.
 */
final class WaitingWork implements AutoCloseable {

  /** Work that may wait. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  private final String kind;
  private final ThreadPoolExecutor pool;
  private final Counter refused;

  /**
   * @param kind what waits here, as the metrics' {@code kind} tag and in thread names
   * @param limit how many requests may wait at once
   */
  WaitingWork(String kind, int limit, MeterRegistry meters) {
    this.kind = kind;
    var count = new AtomicInteger();
    pool = new ThreadPoolExecutor(limit, limit, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
      var thread = new Thread(runnable, "memlog-" + kind + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    pool.allowCoreThreadTimeOut(true);
    Gauge.builder("memlog.http.waiting", pool, ThreadPoolExecutor::getActiveCount).tag("kind", kind)
        .description("requests waiting now, by kind").register(meters);
    refused = Counter.builder("memlog.http.waiting.refused").tag("kind", kind)
        .description("requests refused because as many of their kind were waiting already").register(meters);
  }

  /**
   * Runs {@code work}, then the rest of the request, on this pool.
   *
   * @throws ApiException 503 with Retry-After when the pool is full
   */
  void run(Context ctx, Work work) {
    var done = new CompletableFuture<Void>();
    var requestId = RequestIds.of(ctx);
    try {
      pool.execute(() -> {
        MDC.put("requestId", requestId);
        try {
          work.run();
          done.complete(null);
        } catch (Throwable e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          done.completeExceptionally(e);
        } finally {
          MDC.remove("requestId");
        }
      });
    } catch (RejectedExecutionException e) {
      refused.increment();
      ctx.header("Retry-After", "1");
      throw new ApiException(503, "busy", "Too many waiting requests", "as many " + kind + " requests as this "
          + "node lets wait at once (" + pool.getMaximumPoolSize() + ") are waiting; retry later");
    }
    ctx.future(() -> done);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
