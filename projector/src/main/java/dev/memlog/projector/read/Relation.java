package dev.memlog.projector.read;

import java.time.Instant;

/** A typed relation between two entities, with its strength in [0, 1]. */
public record Relation(
    String fromEntityId, String relationType, String toEntityId, double strength, Instant assertedAt) {}
