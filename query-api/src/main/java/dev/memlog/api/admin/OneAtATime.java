package dev.memlog.api.admin;

import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a long admin computation (a checksum of every shard) one at a time, on a thread of its own, within a
 * deadline: past it, the computation is interrupted and the request answered 503 with Retry-After, instead of
 * holding its caller for as long as it takes. A second request while one runs is a 503 too.
 */
final class OneAtATime {

  private final String what;
  private final Semaphore running = new Semaphore(1);
  private final ThreadPoolExecutor thread;

  OneAtATime(String what) {
    this.what = what;
    thread = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
      var started = new Thread(runnable, "memlog-admin-" + what);
      started.setDaemon(true);
      return started;
    });
    thread.allowCoreThreadTimeOut(true);
  }

  /**
   * The result of {@code work}, if it ends within {@code deadline}.
   *
   * @throws ServiceUnavailableResponse (with Retry-After) if another runs, or the deadline passed
   */
  <T> T run(Context ctx, Duration deadline, Supplier<T> work) throws InterruptedException {
    if (!running.tryAcquire()) {
      ctx.header("Retry-After", "10");
      throw new ServiceUnavailableResponse("a " + what + " runs already; retry once it is done");
    }
    try {
      var future = thread.submit(work::get);
      try {
        return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        ctx.header("Retry-After", "60");
        throw new ServiceUnavailableResponse("the " + what + " did not finish within " + deadline.toMillis()
            + " ms and was stopped; retry with a larger timeoutMs, or run 'memlog checksum' on the node's host");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException(e.getCause());
      }
    } finally {
      running.release();
    }
  }
}
