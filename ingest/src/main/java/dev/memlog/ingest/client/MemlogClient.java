package dev.memlog.ingest.client;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.ingest.event.MemoryEvent;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes memlog events to Kafka.
 *
 * <pre>{@code
 * try (var client = MemlogClient.builder().bootstrapServers("127.0.0.1:9092").build()) {
 *   var events = Events.forTenant("acme", new EventSource("support-bot", "langgraph"));
 *   PublishResult written = client.publish(events.messageAppended("c-42", "m-1", Role.USER, "Hello")).join();
 * }
 * }</pre>
 *
 * <p>The producer is idempotent ({@code acks=all}, {@code enable.idempotence=true}), compresses and batches.
 * Every event of one conversation, and every event of one entity, is written with the same key, so they stay
 * in order. The events topic and its keys topic are created on {@link Builder#build()} when they are absent.
 * Thread-safe.
 *
 * <p>By default the client <b>seals</b> the personal content of events (message content and attachments,
 * conversation titles, entity names and attributes) with AES-256-GCM under a data key per subject (conversation or
 * entity), which it creates on first use and writes to the keys topic. Forgetting the subject deletes the key, and
 * with it every copy of the content in the log; see {@code docs/FORGETTING.md}. The first event of a subject waits
 * for its key to be acknowledged; later ones do not wait.
 */
public final class MemlogClient implements EventPublisher, Closeable {

  private static final Logger LOGGER = LoggerFactory.getLogger(MemlogClient.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final EventCodec codec;
  private final String topic;
  private final ClientKeys keys;

  private MemlogClient(KafkaProducer<byte[], byte[]> producer, EventCodec codec, String topic, ClientKeys keys) {
    this.producer = producer;
    this.codec = codec;
    this.topic = topic;
    this.keys = keys;
  }

  /** A builder; {@link Builder#bootstrapServers(String)} is the only setting without a default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates the event and sends it asynchronously.
   *
   * @param event the event, not null
   * @return a future completed with where the event was written, or completed exceptionally with the Kafka error
   *     once the producer gave up (after its delivery timeout), or with a {@link KeyNotWrittenException} if the
   *     data key of a subject's first sealed event could not be written (the event is then not sent)
   * <p>When sealing, the first event of a subject this client has no key for blocks until the new key is
   * acknowledged; do not publish from a producer callback (it would wait for itself).
   *
   * @throws InvalidEventException at once, before anything is sent, if the event breaks its schema
   * @throws IllegalStateException if the client is closed
   */
  @Override
  public CompletableFuture<PublishResult> publish(MemoryEvent event) {
    Objects.requireNonNull(event, "event");
    return keys == null ? send(event, codec.encode(event)) : send(codec.validate(event));
  }

  /** Seals (creating its subject's key if this client has none) and sends a validated event. */
  private CompletableFuture<PublishResult> send(EventCodec.Validated validated) {
    byte[] value;
    try {
      value = sealed(validated);
    } catch (KeyNotWrittenException e) {
      LOGGER.atWarn().addKeyValue("eventId", validated.event().eventId()).setCause(e).log("publish failed");
      return CompletableFuture.failedFuture(e);
    }
    return send(validated.event(), value);
  }

  private CompletableFuture<PublishResult> send(MemoryEvent event, byte[] value) {
    var result = new CompletableFuture<PublishResult>();
    producer.send(new ProducerRecord<>(topic, event.key().bytes(), value), (metadata, error) -> {
      if (error != null) {
        LOGGER.atWarn().addKeyValue("eventId", event.eventId()).setCause(error).log("publish failed");
        result.completeExceptionally(error);
      } else {
        result.complete(new PublishResult(event.eventId(), metadata.topic(), metadata.partition(),
            metadata.offset()));
      }
    });
    return result;
  }

  /**
   * Validates every event, creates the data keys of all their new subjects at once (one wait instead of one per
   * subject), then sends the events in order.
   *
   * @return one future per event, in the same order; see {@link #publish(MemoryEvent)}
   * @throws InvalidEventException at once, before anything is sent, if an event breaks its schema
   */
  @Override
  public List<CompletableFuture<PublishResult>> publishAll(List<? extends MemoryEvent> events) {
    return publishValidated(events.stream().map(codec::validate).toList());
  }

  /**
   * Seals (creating the data keys of all their new subjects at once) and sends events already checked against
   * their schemas, in order; an event too large once sealed fails them all before any is sent.
   *
   * @throws InvalidEventException at once, before anything is sent, if a sealed event is too large
   */
  @Override
  public List<CompletableFuture<PublishResult>> publishValidated(List<EventCodec.Validated> validated) {
    if (keys == null) {
      var values = validated.stream().map(codec::encode).toList();
      return java.util.stream.IntStream.range(0, validated.size())
          .mapToObj(i -> send(validated.get(i).event(), values.get(i))).toList();
    }
    var values = new ArrayList<byte[]>(validated.size());
    try {
      keys.prepare(validated.stream().filter(EventCodec.Validated::hasSealableContent)
          .map(v -> v.event().key().text()).toList());
      // sealed before any is sent: an event too large once sealed fails the batch with nothing sent
      for (var each : validated) {
        values.add(sealed(each));
      }
    } catch (KeyNotWrittenException e) {
      return validated.stream().map(event -> CompletableFuture.<PublishResult>failedFuture(e)).toList();
    }
    return java.util.stream.IntStream.range(0, validated.size())
        .mapToObj(i -> send(validated.get(i).event(), values.get(i))).toList();
  }

  /**
   * The value of a validated event with its content sealed.
   *
   * @throws InvalidEventException if the sealed event is larger than allowed, naming the event
   */
  private byte[] sealed(EventCodec.Validated validated) {
    try {
      return codec.encode(validated, keys::keyFor);
    } catch (InvalidEventException e) {
      throw new InvalidEventException(e.reason(), "event " + validated.event().eventId() + " once sealed: "
          + e.getMessage(), e.violations());
    }
  }

  /** Blocks until every event published so far has been acknowledged or has failed. */
  public void flush() {
    producer.flush();
  }

  /** The topic this client publishes to. */
  public String topic() {
    return topic;
  }

  /** Sends what is buffered, then releases the producers; waits at most 30 seconds for each. */
  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(30));
    } finally {
      if (keys != null) {
        keys.close();
      }
    }
  }

  /** Configures a {@link MemlogClient}. Not thread-safe. */
  public static final class Builder {
    private String bootstrapServers;
    private String topic = MemlogTopics.EVENTS;
    private int partitions = MemlogTopics.DEFAULT_PARTITIONS;
    private boolean createTopic = true;
    private int maxEventBytes = EventCodec.DEFAULT_MAX_EVENT_BYTES;
    private boolean seal = true;
    private String keysTopic;
    private final Map<String, Object> producerProperties = new HashMap<>();

    private Builder() {}

    /** The Kafka cluster to write to, e.g. {@code 127.0.0.1:9092}. Required. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return this;
    }

    /** The events topic; default {@value MemlogTopics#EVENTS}. */
    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** Partitions of the events topic if this client creates it; default {@value MemlogTopics#DEFAULT_PARTITIONS}. */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    /** Whether {@link #build()} creates the events topic when it is absent; default true. */
    public Builder createTopic(boolean createTopic) {
      this.createTopic = createTopic;
      return this;
    }

    /**
     * Whether the personal content of events is sealed with a data key of its subject, so that forgetting the
     * subject makes it unreadable in the log; default true. Without it, events are written in plain text and
     * forgetting removes their content from the read models only.
     */
    public Builder seal(boolean seal) {
      this.seal = seal;
      return this;
    }

    /** The keys topic; default {@link MemlogTopics#keysTopicOf(String)} of the events topic. */
    public Builder keysTopic(String keysTopic) {
      this.keysTopic = Objects.requireNonNull(keysTopic, "keysTopic");
      return this;
    }

    /** The largest event accepted, in bytes of JSON; default 1 MiB. */
    public Builder maxEventBytes(int maxEventBytes) {
      this.maxEventBytes = maxEventBytes;
      return this;
    }

    /** Any other Kafka producer setting (security, timeouts...). The idempotence and serializers cannot change. */
    public Builder producerProperty(String name, Object value) {
      producerProperties.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Other Kafka producer settings at once; see {@link #producerProperty(String, Object)}. */
    public Builder producerProperties(Map<String, ?> properties) {
      properties.forEach(this::producerProperty);
      return this;
    }

    /**
     * Connects, creates the events topic and the keys topic if asked and absent, and returns the client.
     *
     * @throws IllegalStateException if no bootstrap servers were given, a topic cannot be created, or (when
     *     sealing) the keys topic is absent or not compacted
     */
    public MemlogClient build() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("bootstrapServers is required");
      }
      var codec = new EventCodec(maxEventBytes);
      var keys = keysTopic != null ? keysTopic : MemlogTopics.keysTopicOf(topic);
      if (createTopic || seal) {
        var adminConfig = new HashMap<String, Object>(producerProperties);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (var admin = Admin.create(adminConfig)) {
          if (createTopic) {
            MemlogTopics.ensure(admin, Set.of(topic), partitions, 30_000);
          }
          if (seal && createTopic) {
            MemlogTopics.ensureKeys(admin, keys, partitions, 30_000);
          }
          if (seal) {
            // never let a producer auto-create the keys topic with a retention that would delete keys
            MemlogTopics.requireKeysTopic(admin, keys, 30_000);
          }
        }
      }
      var producer = new KafkaProducer<byte[], byte[]>(eventsProducerConfig());
      if (!seal) {
        return new MemlogClient(producer, codec, topic, null);
      }
      try {
        return new MemlogClient(producer, codec, topic,
            new ClientKeys(new KafkaProducer<>(keysProducerConfig()), keys));
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw e;
      }
    }

    private Map<String, Object> eventsProducerConfig() {
      var config = new HashMap<String, Object>();
      config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
      config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(maxEventBytes + 64 * 1024, 1024 * 1024));
      return producerConfig(config);
    }

    /**
     * The keys have a producer of their own that sends at once, whatever linger the events are given: a batch that
     * creates keys waits for them, and with the events' linger it waited that much longer (BENCHMARKS.md, "the
     * client's data keys written at once"). Key records are small and few. A {@code client.id} given gets
     * {@code -keys} here.
     */
    private Map<String, Object> keysProducerConfig() {
      var config = producerConfig(new HashMap<>());
      config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      config.computeIfPresent(ProducerConfig.CLIENT_ID_CONFIG, (name, id) -> id + "-keys");
      return config;
    }

    /** The defaults given, then the caller's settings, then what cannot change. */
    private Map<String, Object> producerConfig(Map<String, Object> config) {
      config.putAll(producerProperties);
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      return config;
    }
  }
}
