package dev.memlog.bench.load;

import java.io.IOException;
import dev.memlog.bench.node.BenchKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * The fallback load generator: {@code connections} threads, each sending one GET after the other with the JDK's
 * HttpClient and recording each latency in its own HdrHistogram; the histograms are added at the end.
 */
final class JdkLoad implements LoadGenerator {

  private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

  @Override
  public Latency run(String route, String baseUrl, List<String> paths, Duration duration, int connections) {
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var pool = Executors.newFixedThreadPool(connections);
    try {
      long started = System.nanoTime();
      long end = started + duration.toNanos();
      var workers = new ArrayList<Future<Worker>>();
      for (int c = 0; c < connections; c++) {
        var worker = new Worker(client, baseUrl, paths, c, end);
        workers.add(pool.submit((Callable<Worker>) worker::call));
      }
      var total = new Histogram(MAX_MICROS, 3);
      long errors = 0;
      for (var future : workers) {
        var worker = future.get();
        total.add(worker.histogram);
        errors += worker.errors;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Latency(route, ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(95)),
          ms(total.getValueAtPercentile(99)), ms(total.getMaxValue()), total.getTotalCount() / seconds,
          total.getTotalCount(), errors, "jdk-httpclient");
    } catch (ExecutionException e) {
      throw new IllegalStateException("load worker failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  /** One closed-loop connection. */
  private static final class Worker {
    final Histogram histogram = new Histogram(MAX_MICROS, 3);
    final HttpClient client;
    final String baseUrl;
    final List<String> paths;
    final long end;
    int next;
    long errors;

    Worker(HttpClient client, String baseUrl, List<String> paths, int offset, long end) {
      this.client = client;
      this.baseUrl = baseUrl;
      this.paths = paths;
      this.next = offset * 7919;
      this.end = end;
    }

    Worker call() throws InterruptedException {
      while (System.nanoTime() < end) {
        var path = paths.get(next++ % paths.size());
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET();
        var key = BenchKeys.keyForPath(path);
        if (key != null) {
          builder.header("Authorization", "Bearer " + key);
        }
        var request = builder.build();
        long sent = System.nanoTime();
        try {
          var response = client.send(request, HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() / 100 != 2) {
            errors++;
          }
        } catch (IOException e) {
          errors++;
        }
        histogram.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - sent) / 1000));
      }
      return this;
    }
  }
}
