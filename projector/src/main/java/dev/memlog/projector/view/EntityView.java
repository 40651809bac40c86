package dev.memlog.projector.view;

import java.time.Instant;
import java.util.Map;

/** An entity as served to readers: what the entities RocksDB store holds. */
public record EntityView(
    String tenant, String entityId, String entityType, String name, Map<String, String> attributes,
    Instant updatedAt) {}
