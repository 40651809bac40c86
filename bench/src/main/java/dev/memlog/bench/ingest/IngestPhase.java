package dev.memlog.bench.ingest;

import dev.memlog.bench.node.BenchKeys;
import dev.memlog.bench.node.NodeProcess;
import dev.memlog.bench.node.NodeSettings;
import dev.memlog.bench.node.Pause;
import dev.memlog.bench.projection.Topics;
import dev.memlog.bench.workload.WorkloadConfig;
import dev.memlog.bench.workload.WorkloadGenerator;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest throughput, each way in, against the Kafka producer's ceiling in the same run ({@link IngestResult}).
 * Every way writes the same generated events to a topic of its own; the HTTP way goes through a node of its own,
 * which projects what it ingests meanwhile, as a node does.
 */
public final class IngestPhase {

  private static final Logger LOGGER = LoggerFactory.getLogger(IngestPhase.class);

  /** Events per batch: a client's publishAll, an HTTP POST. */
  public static final int BATCH = 500;

  /** Concurrent HTTP connections posting batches. */
  public static final int CONNECTIONS = 4;

  private final long events;
  private final int tenants;
  private final int partitions;

  public IngestPhase(long events, int tenants, int partitions) {
    this.events = events;
    this.tenants = tenants;
    this.partitions = partitions;
  }

  /** Measures the three ways in; {@code node} starts a node whose events topic is the one it is given. */
  public IngestResult run(String bootstrap, Function<String, NodeSettings> node, Path log) {
    var generated = new ArrayList<MemoryEvent>();
    new WorkloadGenerator(WorkloadConfig.of(events, tenants)).forEachRemaining(generated::add);
    double ceiling = producerCeiling(bootstrap, generated);
    double client = javaClient(bootstrap, generated);
    var http = httpIngest(node.apply("bench.ingest-http"), log, generated);
    LOGGER.atInfo().addKeyValue("producerCeiling", Math.round(ceiling)).addKeyValue("javaClient", Math.round(client))
        .addKeyValue("httpIngest", Math.round(http[0])).addKeyValue("httpRetries", (int) http[1])
        .log("ingest measured (events/s)");
    return new IngestResult(generated.size(), BATCH, CONNECTIONS, ceiling, client, http[0], (int) http[1]);
  }

  private double producerCeiling(String bootstrap, List<MemoryEvent> generated) {
    var codec = new EventCodec();
    var values = generated.stream().map(codec::encode).toList();
    Topics.readyClient(bootstrap, "bench.ingest-ceiling", partitions).close();
    var config = new java.util.HashMap<String, Object>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (var producer = new KafkaProducer<byte[], byte[]>(config)) {
      long started = System.nanoTime();
      var sent = new ArrayList<Future<RecordMetadata>>(values.size());
      for (int i = 0; i < values.size(); i++) {
        sent.add(producer.send(new ProducerRecord<>("bench.ingest-ceiling", generated.get(i).key().bytes(),
            values.get(i))));
      }
      sent.forEach(IngestPhase::await);
      return rate(values.size(), started);
    }
  }

  private double javaClient(String bootstrap, List<MemoryEvent> generated) {
    try (var client = Topics.readyClient(bootstrap, "bench.ingest-client", partitions)) {
      long started = System.nanoTime();
      var sent = new ArrayList<CompletableFuture<?>>(generated.size());
      for (int from = 0; from < generated.size(); from += BATCH) {
        sent.addAll(client.publishAll(generated.subList(from, Math.min(from + BATCH, generated.size()))));
      }
      sent.forEach(IngestPhase::await);
      return rate(generated.size(), started);
    }
  }

  /** Returns {events/s, retried answers}. */
  private double[] httpIngest(NodeSettings settings, Path log, List<MemoryEvent> generated) {
    Topics.readyClient(settings.bootstrapServers(), settings.topic(), partitions).close();
    var bodies = bodies(generated);
    var retries = new AtomicInteger();
    try (var node = NodeProcess.start(settings, log, Duration.ofMinutes(3))) {
      awaitIngestReady(node);
      var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var posting = Executors.newFixedThreadPool(CONNECTIONS);
      try {
        long started = System.nanoTime();
        var posted = new ArrayList<Future<?>>();
        for (var body : bodies) {
          posted.add(posting.submit(() -> post(http, node, body, retries)));
        }
        posted.forEach(IngestPhase::await);
        return new double[] {rate(generated.size(), started), retries.get()};
      } finally {
        posting.shutdownNow();
      }
    }
  }

  /** A batch: the path's tenant and the JSON array of at most {@link #BATCH} of its events. */
  private record Body(String tenant, byte[] json) {}

  private static List<Body> bodies(List<MemoryEvent> generated) {
    var codec = new EventCodec();
    var byTenant = new LinkedHashMap<String, List<MemoryEvent>>();
    generated.forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
    var bodies = new ArrayList<Body>();
    for (Map.Entry<String, List<MemoryEvent>> tenant : byTenant.entrySet()) {
      var list = tenant.getValue();
      for (int from = 0; from < list.size(); from += BATCH) {
        var json = new ByteArrayOutputStream();
        json.write('[');
        for (int i = from; i < Math.min(from + BATCH, list.size()); i++) {
          if (i > from) {
            json.write(',');
          }
          json.writeBytes(codec.encode(list.get(i)));
        }
        json.write(']');
        bodies.add(new Body(tenant.getKey(), json.toByteArray()));
      }
    }
    return bodies;
  }

  private static void post(HttpClient http, NodeProcess node, Body body, AtomicInteger retries) {
    var request = HttpRequest.newBuilder(URI.create(node.http().baseUrl() + "/v1/tenants/" + body.tenant()
        + "/events")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + BenchKeys.keyFor(body.tenant()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.json())).build();
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 202) {
          return;
        }
        if (answer.statusCode() != 503) {
          throw new IllegalStateException("ingest answered " + answer.statusCode() + ": " + answer.body());
        }
        retries.incrementAndGet();
        Pause.millis(100);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot post a batch", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("ingest answered 503 to one batch 100 times");
  }

  /** Waits until the node has confirmed the broker's end offsets, which ingest needs. */
  private static void awaitIngestReady(NodeProcess node) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (node.http().get("/readyz").status() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ingest node was not ready within 2 minutes");
      }
      Pause.millis(200);
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("an ingest send failed", e);
    }
  }

  private static double rate(long count, long startedNanos) {
    return count / ((System.nanoTime() - startedNanos) / 1e9);
  }
}
