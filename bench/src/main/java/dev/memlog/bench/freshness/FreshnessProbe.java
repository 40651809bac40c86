package dev.memlog.bench.freshness;

import dev.memlog.bench.node.NodeHttp;
import dev.memlog.bench.node.Pause;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.PublishResult;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Publishes background events at a steady rate and, among them, probe messages (each in a conversation of its
 * own). Every other probe is read by polling: a reader GETs the conversation's summary until the message shows
 * (RocksDB view) and until the answer's freshness shows its offset applied (SQLite). The others are read the
 * read-your-writes way: one GET that passes the publish's consistency token ({@code ?after=TOKEN}) and waits on
 * the server until the event is applied; that GET's answer must hold the message.
 */
public final class FreshnessProbe {

  private static final String TENANT = "probe";
  /** Poll gently: the polling must not itself slow the projector it measures. */
  public static final long POLL_MILLIS = 10;
  private static final long TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();
  /** Probes published this long into the run count as steady state: a node that just caught up warms up first. */
  public static final Duration WARM_UP = Duration.ofSeconds(3);

  private final MemlogClient client;
  private final NodeHttp http;

  public FreshnessProbe(MemlogClient client, NodeHttp http) {
    this.client = client;
    this.http = http;
  }

  public FreshnessResult run(Iterator<MemoryEvent> background, int ratePerSecond, int probesPerSecond,
      Duration duration) {
    var readers = Executors.newFixedThreadPool(4);
    var probes = new ArrayList<Future<Timed>>();
    var tokenReads = new ArrayList<Future<Timed>>();
    long periodNanos = 1_000_000_000L / ratePerSecond;
    int probeEvery = Math.max(1, ratePerSecond / probesPerSecond);
    long started = System.nanoTime();
    long end = started + duration.toNanos();
    try {
      for (long i = 0; System.nanoTime() < end; i++) {
        long due = started + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Pause.millis(wait / 1_000_000);
        }
        if (i % probeEvery == 0) {
          var probe = new MessageAppended("probe-" + i + "-" + started, TENANT, Instant.now(),
              new EventSource("bench-probe", "bench"), "p-" + started + "-" + i, "m-" + i, Role.USER,
              "probe message number " + i, null, java.util.List.of());
          long sent = System.nanoTime();
          var written = client.publish(probe);
          var acked = written.thenApply(result -> System.nanoTime());
          if ((i / probeEvery) % 2 == 0) {
            probes.add(readers.submit(() -> new Timed(await(probe, written.get(), sent), acked.get() - sent,
                sent - started)));
          } else {
            tokenReads.add(readers.submit(() -> new Timed(readYourWrite(probe, written.get(), sent),
                acked.get() - sent, sent - started)));
          }
        } else if (background.hasNext()) {
          client.publish(background.next());
        }
      }
      return summarize(ratePerSecond, probes, tokenReads);
    } finally {
      readers.shutdownNow();
    }
  }

  /** A probe's measures, the nanos from its publish to the broker's acknowledgement, and when it was sent. */
  private record Timed(long[] measures, long ackNanos, long sentIntoRun) {}

  /** Polls until visible; returns {hot nanos, sqlite nanos, polls}, -1 where it timed out. */
  private long[] await(MessageAppended probe, PublishResult written, long sent) {
    long hot = -1;
    long sqlite = -1;
    long polls = 0;
    var path = "/v1/tenants/" + TENANT + "/conversations/" + probe.conversationId();
    while ((hot < 0 || sqlite < 0) && System.nanoTime() - sent < TIMEOUT_NANOS) {
      var answer = http.get(path);
      polls++;
      long now = System.nanoTime();
      if (answer.body() != null) {
        if (hot < 0) {
          hot = now - sent;
        }
        for (var p : answer.body().path("freshness").path("partitions")) {
          if (sqlite < 0 && p.path("partition").asInt() == written.partition()
              && p.path("appliedOffset").asLong(-1) >= written.offset()) {
            sqlite = now - sent;
          }
        }
      }
      if (hot < 0 || sqlite < 0) {
        Pause.millis(POLL_MILLIS);
      }
    }
    return new long[] {hot, sqlite, polls};
  }

  /** One GET with the publish's token; returns {nanos from publish to answer, 1 if it held the message else 0}. */
  private long[] readYourWrite(MessageAppended probe, PublishResult written, long sent) {
    var answer = http.get("/v1/tenants/" + TENANT + "/conversations/" + probe.conversationId() + "?waitMs=10000&after="
        + URLEncoder.encode(written.token().encode(), StandardCharsets.UTF_8));
    long nanos = System.nanoTime() - sent;
    boolean holds = answer.body() != null && answer.body().path("conversation").path("messageCount").asLong() >= 1;
    return new long[] {nanos, holds ? 1 : 0};
  }

  private static FreshnessResult summarize(int rate, List<Future<Timed>> probes, List<Future<Timed>> tokenReads) {
    var withToken = new Histogram(3);
    var visible = new Visible();
    int tokenMisses = 0;
    for (var read : tokenReads) {
      var timed = result(read);
      if (timed == null || timed.measures()[1] == 0) {
        tokenMisses++;
      } else {
        long answered = timed.measures()[0];
        withToken.recordValue(answered / 1000);
        visible.record(timed, answered);
      }
    }
    var hot = new Histogram(3);
    var sqlite = new Histogram(3);
    var polls = new Histogram(3);
    int timedOut = 0;
    for (var probe : probes) {
      var timed = result(probe);
      if (timed == null || timed.measures()[0] < 0 || timed.measures()[1] < 0) {
        timedOut++;
        continue;
      }
      long applied = timed.measures()[1];
      hot.recordValue(timed.measures()[0] / 1000);
      sqlite.recordValue(applied / 1000);
      polls.recordValue(timed.measures()[2]);
      visible.record(timed, applied);
    }
    return new FreshnessResult(rate, probes.size(), timedOut, ms(hot, 50), ms(hot, 99), ms(sqlite, 50),
        ms(sqlite, 99), sqlite.getMaxValue() / 1000.0, polls.getValueAtPercentile(50),
        polls.getValueAtPercentile(99), tokenReads.size(), tokenMisses, ms(withToken, 50), ms(withToken, 99),
        ms(visible.acked, 50), ms(visible.acked, 99), visible.slowest / 1e6, visible.slowestSentAt / 1e9,
        visible.steady.getTotalCount(), ms(visible.steady, 50), ms(visible.steady, 99));
  }

  /** What both ways of reading add up to: publish → acknowledged, steady state, and the slowest probe. */
  private static final class Visible {
    final Histogram acked = new Histogram(3);
    final Histogram steady = new Histogram(3);
    long slowest = -1;
    long slowestSentAt;

    /** A probe that became visible {@code nanos} after it was published. */
    void record(Timed timed, long nanos) {
      acked.recordValue(timed.ackNanos() / 1000);
      if (timed.sentIntoRun() >= WARM_UP.toNanos()) {
        steady.recordValue(nanos / 1000);
      }
      if (nanos > slowest) {
        slowest = nanos;
        slowestSentAt = timed.sentIntoRun();
      }
    }
  }

  private static Timed result(Future<Timed> read) {
    try {
      return read.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return null;
    }
  }

  private static double ms(Histogram micros, double percentile) {
    return micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
