package dev.memlog.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the Kafka transactions that a killed run of the projector left open, before a new run starts. An open
 * transaction holds the last stable offset of every partition it wrote to: exactly-once Kafka Streams restores a
 * changelog up to its end with a read_committed consumer, reads the events topic and fetches committed offsets the
 * same way, so until that transaction ends the task that owns such a partition cannot start. Kafka ends it only when
 * the same transactional id initialises again or its timeout expires; this ends it at once: every open transaction
 * of the application is fenced through its coordinator, and a transaction that a partition still holds open after
 * its coordinator has completed it (a hanging transaction) is aborted on that partition. Only safe while no member
 * of the application runs against the cluster, as with the node's own embedded broker before the projector starts.
 */
final class LeftoverTransactions {

  private static final Logger LOGGER = LoggerFactory.getLogger(LeftoverTransactions.class);
  private static final Set<TransactionState> OPEN = Set.of(TransactionState.ONGOING, TransactionState.PREPARE_ABORT,
      TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_EPOCH_FENCE);
  private static final String CHANGELOG_SUFFIX = "-changelog";
  private static final String OFFSETS_TOPIC = "__consumer_offsets";

  /** What {@link #end} did: the transactional ids it fenced, and the hanging transactions it aborted. */
  record Ended(List<String> fenced, List<AbortTransactionSpec> aborted) {}

  private LeftoverTransactions() {}

  /**
   * Fences the open transactions of {@code applicationId}, waits at most {@code patience} for their coordinator to
   * complete them, then aborts on the application's partitions ({@code topics}, its changelogs and the offsets
   * topic) the transactions of its producers that a partition holds open although their coordinator completed them.
   *
   * @throws IllegalStateException if the cluster cannot be asked or does not answer in time
   */
  static Ended end(Admin admin, String applicationId, Collection<String> topics, Duration patience) {
    try {
      var ours = ours(admin, applicationId);
      var fenced = ours.values().stream().filter(t -> OPEN.contains(t.state())).map(TransactionListing::transactionalId)
          .sorted().toList();
      if (!fenced.isEmpty()) {
        LOGGER.atWarn().addKeyValue("transactionalIds", fenced)
            .addKeyValue("transactions", describe(admin, fenced))
            .log("a previous run left transactions open; fencing them before the projector starts");
        admin.fenceProducers(fenced).all().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        awaitCompleted(admin, fenced, patience);
      }
      // only a transaction its coordinator has completed may be aborted on a partition: one still preparing a
      // commit must be committed there
      var completed = new HashMap<Long, String>();
      ours(admin, applicationId).values().stream().filter(t -> !OPEN.contains(t.state()))
          .forEach(t -> completed.put(t.producerId(), t.transactionalId()));
      return new Ended(fenced, abortHanging(admin, partitions(admin, applicationId, topics), completed));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot end the transactions a previous run of " + applicationId
          + " left open: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ending leftover transactions", e);
    }
  }

  private static Map<String, TransactionListing> ours(Admin admin, String applicationId)
      throws ExecutionException, InterruptedException, TimeoutException {
    var ours = new HashMap<String, TransactionListing>();
    for (var listing : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
      if (listing.transactionalId().startsWith(applicationId + "-")) {
        ours.put(listing.transactionalId(), listing);
      }
    }
    return ours;
  }

  private static Map<String, TransactionDescription> describe(Admin admin, Collection<String> ids)
      throws ExecutionException, InterruptedException, TimeoutException {
    return admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS);
  }

  private static void awaitCompleted(Admin admin, List<String> ids, Duration patience)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      var open = describe(admin, ids).entrySet().stream().filter(e -> OPEN.contains(e.getValue().state())).toList();
      if (open.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        // Kafka Streams will wait for them as it would have; the API serves meanwhile
        LOGGER.atWarn().addKeyValue("transactions", open).addKeyValue("patience", patience)
            .log("fenced transactions are still open; starting the projector anyway");
        return;
      }
      Thread.sleep(200);
    }
  }

  private static List<TopicPartition> partitions(Admin admin, String applicationId, Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    var names = new ArrayList<String>();
    for (var name : admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS)) {
      boolean changelog = name.startsWith(applicationId + "-") && name.endsWith(CHANGELOG_SUFFIX);
      if (changelog || topics.contains(name) || name.equals(OFFSETS_TOPIC)) {
        names.add(name);
      }
    }
    var partitions = new ArrayList<TopicPartition>();
    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(topic ->
        topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
    return partitions;
  }

  /** Aborts, on each partition, a transaction of one of our producers that its coordinator no longer has open. */
  private static List<AbortTransactionSpec> abortHanging(Admin admin, List<TopicPartition> partitions,
      Map<Long, String> producerIds) throws ExecutionException, InterruptedException, TimeoutException {
    var hanging = new ArrayList<AbortTransactionSpec>();
    admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS).forEach((partition, producers) ->
        producers.activeProducers().forEach(producer -> {
          if (producer.currentTransactionStartOffset().isPresent() && producerIds.containsKey(producer.producerId())) {
            hanging.add(new AbortTransactionSpec(partition, producer.producerId(), (short) producer.producerEpoch(),
                producer.coordinatorEpoch().orElse(-1)));
          }
        }));
    for (var spec : hanging) {
      LOGGER.atWarn().addKeyValue("partition", spec.topicPartition())
          .addKeyValue("transactionalId", producerIds.get(spec.producerId())).addKeyValue("producerId", spec.producerId())
          .addKeyValue("producerEpoch", spec.producerEpoch())
          .log("a partition holds a transaction open that its coordinator has completed; aborting it there");
      admin.abortTransaction(spec).all().get(30, TimeUnit.SECONDS);
    }
    return hanging;
  }
}
