package dev.memlog.bench.quality;

import dev.memlog.bench.node.NodeHttp;
import dev.memlog.bench.node.Pause;
import dev.memlog.bench.projection.Publisher;
import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.event.EventCodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search quality through the real pipeline: publishes a judged collection's events with the Java client, waits
 * until the node applied them, asks every question through the node's HTTP search as an agent would (the
 * question as {@code q}, its conversation as {@code conversationId}, {@code limit} 50), and scores the answers.
 */
public final class QualityPhase {

  private static final Logger LOGGER = LoggerFactory.getLogger(QualityPhase.class);
  /** Hits asked for per question, as the earlier harness did: enough for recall@50. */
  public static final int LIMIT = 50;

  private final MemlogClient client;
  private final NodeHttp http;

  /** A phase that publishes with {@code client} to the topic the node behind {@code http} projects. */
  public QualityPhase(MemlogClient client, NodeHttp http) {
    this.client = client;
    this.http = http;
  }

  /**
   * Publishes the collection, waits for it to be applied, runs its questions and scores them.
   *
   * @throws IllegalStateException if an event is refused, the node does not apply them within {@code patience},
   *     or a search does not answer 200
   */
  public QualityRun run(JudgedCollection collection, Duration patience) {
    var codec = new EventCodec();
    var events = collection.eventLines().stream().map(l -> codec.decode(l.getBytes(StandardCharsets.UTF_8)))
        .toList();
    var publisher = new Publisher(client);
    publisher.publish(events.iterator(), events.size());
    awaitApplied(publisher.lastOffsets(), patience);
    var rankings = new LinkedHashMap<String, List<RankedHit>>();
    collection.queries().forEach(q -> rankings.put(q.id(), search(collection.tenant(), q)));
    var run = QualityRun.scored(collection, rankings);
    LOGGER.atInfo().addKeyValue("questions", rankings.size())
        .addKeyValue("recall10", run.scores().all().mean().recall10())
        .addKeyValue("ndcg10", run.scores().all().mean().ndcg10()).log("search quality measured");
    return run;
  }

  private List<RankedHit> search(String tenant, JudgedQuery query) {
    var path = "/v1/tenants/" + tenant + "/search?q=" + URLEncoder.encode(query.text(), StandardCharsets.UTF_8)
        + "&conversationId=" + URLEncoder.encode(query.conversationId(), StandardCharsets.UTF_8) + "&limit=" + LIMIT;
    var answer = http.get(path);
    if (answer.status() != 200) {
      throw new IllegalStateException("the search for question " + query.id() + " answered " + answer.status());
    }
    var hits = new ArrayList<RankedHit>();
    answer.body().path("hits").forEach(h -> hits.add(new RankedHit(h.path("messageId").asText(),
        h.path("score").asDouble())));
    return hits;
  }

  private void awaitApplied(Map<Integer, Long> written, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!applied(written, http.appliedOffsets())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node did not apply the judged collection within " + patience);
      }
      Pause.millis(100);
    }
  }

  private static boolean applied(Map<Integer, Long> written, Map<Integer, Long> applied) {
    return written.entrySet().stream().allMatch(w -> applied.getOrDefault(w.getKey(), -1L) >= w.getValue());
  }
}
