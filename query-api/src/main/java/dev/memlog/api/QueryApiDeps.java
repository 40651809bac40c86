package dev.memlog.api;

import dev.memlog.api.auth.ApiKeys;
import dev.memlog.freshness.AppliedOffsetsWaiter;
import dev.memlog.freshness.FreshnessView;
import dev.memlog.ingest.client.EventPublisher;
import dev.memlog.projector.failure.StuckRecord;
import dev.memlog.projector.read.GraphReader;
import dev.memlog.projector.read.HotStoreReader;
import dev.memlog.projector.read.MemoryReader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the API reads from and writes to.
 *
 * @param hot the RocksDB lookups
 * @param history the SQLite reads of messages and search
 * @param graph the SQLite reads of the entity graph
 * @param freshness how fresh each partition is
 * @param client publishes events received over HTTP (to Kafka)
 * @param partitions partitions of the events topic, to know which one a key belongs to
 * @param projectorState the projector's state, for the health check
 * @param stuck the partitions whose stream thread keeps dying on one record, for the health check
 * @param meters the registry /metrics exposes
 * @param keys the API keys the node accepts
 * @param waiter waits for offsets to be applied, for read-your-writes
 * @param limits how many threads serve requests, and how many requests may wait at once
 */
public record QueryApiDeps(
    HotStoreReader hot,
    MemoryReader history,
    GraphReader graph,
    FreshnessView freshness,
    EventPublisher client,
    int partitions,
    Supplier<KafkaStreams.State> projectorState,
    Supplier<List<StuckRecord>> stuck,
    PrometheusMeterRegistry meters,
    ApiKeys keys,
    AppliedOffsetsWaiter waiter,
    HttpLimits limits) {}
