package dev.memlog.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a broker says about transactions, stable offsets and the projector group, as text: the evidence a test
 * logs when a node does not catch up (an open transaction holds a partition's last stable offset back).
 */
final class KafkaStateReport {

  private KafkaStateReport() {}

  static String of(String bootstrapServers, String groupId) {
    var out = new StringBuilder();
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
      var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(20, TimeUnit.SECONDS);
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS);
      var partitions = new ArrayList<TopicPartition>();
      topics.values().forEach(topic -> topic.partitions()
          .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
      var latest = new HashMap<TopicPartition, OffsetSpec>();
      partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
      var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
          .get(20, TimeUnit.SECONDS);
      var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(20, TimeUnit.SECONDS);
      var producers = admin.describeProducers(partitions).all().get(20, TimeUnit.SECONDS);
      var lines = new TreeMap<String, String>();
      for (var partition : partitions) {
        var open = new ArrayList<String>();
        producers.get(partition).activeProducers().forEach(state -> {
          if (state.currentTransactionStartOffset().isPresent()) {
            open.add(state.toString());
          }
        });
        long e = end.get(partition).offset();
        long s = stable.get(partition).offset();
        if (e != s || !open.isEmpty()) {
          lines.put(partition.toString(), "end=" + e + " stable=" + s + " open=" + open);
        }
      }
      out.append("partitions whose stable offset is behind or with an open transaction: ").append(lines).append('\n');
      var transactions = admin.listTransactions().all().get(20, TimeUnit.SECONDS);
      List<String> ids = transactions.stream().map(t -> t.transactionalId()).toList();
      out.append("transactions: ").append(admin.describeTransactions(ids).all().get(20, TimeUnit.SECONDS)).append('\n');
      out.append("group: ").append(admin.describeConsumerGroups(List.of(groupId)).all().get(20, TimeUnit.SECONDS))
          .append('\n');
      out.append("committed: ").append(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
          .get(20, TimeUnit.SECONDS)).append('\n');
    } catch (Exception e) {
      out.append("(report incomplete: ").append(e).append(")\n");
    }
    return out.toString();
  }
}
