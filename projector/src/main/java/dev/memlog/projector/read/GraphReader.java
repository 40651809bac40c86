package dev.memlog.projector.read;

import dev.memlog.ingest.event.EventKey;
import dev.memlog.projector.sqlite.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the entity graph from the SQLite read model: lookups, relations, neighbourhoods and mentions. */
public final class GraphReader {

  /** The deepest neighbourhood a caller may ask for. */
  public static final int MAX_DEPTH = 3;

  /** The most entities a neighbourhood holds, whatever the depth and fan-out. */
  public static final int MAX_NODES = 500;

  private static final Comparator<EntitySummary> BY_NAME = Comparator.comparing(EntitySummary::name,
      Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER)).thenComparing(EntitySummary::entityId);
  private static final Comparator<Relation> STRONGEST_OUT = Comparator.comparingDouble(Relation::strength)
      .reversed().thenComparing(Relation::relationType).thenComparing(Relation::toEntityId);
  private static final Comparator<Relation> STRONGEST_IN = Comparator.comparingDouble(Relation::strength)
      .reversed().thenComparing(Relation::relationType).thenComparing(Relation::fromEntityId);
  private static final Comparator<Mention> NEWEST = Comparator.comparing(Mention::occurredAt).reversed()
      .thenComparing(Mention::conversationId).thenComparing(Mention::messageId);

  private final LocalShards shards;

  /**
   * A reader over the node's shards. An entity, and the relations that start from it, live in the entity's shard;
   * relations that end at it and its mentions live in the shards of their own keys, so those reads go to every
   * shard, and drop what refers to a forgotten entity (its own shard knows it is forgotten).
   */
  public GraphReader(LocalShards shards) {
    this.shards = shards;
  }

  public boolean entityExists(String tenant, String entityId) {
    return shardOf(tenant, entityId).query("entity-exists", ResultSet::next, tenant, entityId);
  }

  private boolean forgotten(String tenant, String entityId) {
    return shardOf(tenant, entityId).query("entity-forgotten", ResultSet::next, tenant, entityId);
  }

  private ShardReads shardOf(String tenant, String entityId) {
    return shards.forKey(EventKey.entity(tenant, entityId));
  }

  /** Entities whose name starts with {@code namePrefix} (any case) and whose type is {@code type}; nulls match all. */
  public List<EntitySummary> find(String tenant, String namePrefix, String type, int limit) {
    var pattern = namePrefix == null ? null : escapeLike(namePrefix) + "%";
    var found = new ArrayList<EntitySummary>();
    for (var shard : shards.all()) {
      found.addAll(shard.query("find-entities", rows -> {
        var list = new ArrayList<EntitySummary>();
        while (rows.next()) {
          list.add(new EntitySummary(rows.getString(1), rows.getString(2), rows.getString(3)));
        }
        return list;
      }, tenant, pattern, type, limit));
    }
    return first(found, BY_NAME, limit);
  }

  /** The relations that start from the entity, strongest first. */
  public List<Relation> relationsFrom(String tenant, String entityId, int limit) {
    // a relation to an entity forgotten after it was asserted stays in this shard: read more, drop those
    var out = shardOf(tenant, entityId).query("relations-out", GraphReader::relations, tenant, entityId,
        limit * 2 + 10);
    return first(out.stream().filter(r -> !forgotten(tenant, r.toEntityId())).toList(), STRONGEST_OUT, limit);
  }

  /** The relations that end at the entity, strongest first. */
  public List<Relation> relationsTo(String tenant, String entityId, int limit) {
    if (forgotten(tenant, entityId)) {
      return List.of();
    }
    var in = new ArrayList<Relation>();
    for (var shard : shards.all()) {
      in.addAll(shard.query("relations-in", GraphReader::relations, tenant, entityId, limit));
    }
    return first(in, STRONGEST_IN, limit);
  }

  /**
   * The entities within {@code depth} relations of the start, following relations both ways, each reached by
   * its shortest path and listed once (cycles end there); at most {@code fanOut} relations per entity, strongest
   * first, and at most {@value #MAX_NODES} entities.
   */
  public Neighbourhood neighbours(String tenant, String start, int depth, int fanOut) {
    var depthOf = new LinkedHashMap<String, Integer>();
    depthOf.put(start, 0);
    var edges = new ArrayList<Relation>();
    var seenEdges = new HashSet<Relation>();
    var frontier = List.of(start);
    for (int level = 1; level <= Math.min(depth, MAX_DEPTH) && !frontier.isEmpty(); level++) {
      var next = new ArrayList<String>();
      for (var entity : frontier) {
        var around = new ArrayList<>(relationsFrom(tenant, entity, fanOut));
        around.addAll(relationsTo(tenant, entity, fanOut));
        for (var relation : around) {
          if (seenEdges.add(relation)) {
            edges.add(relation);
          }
          var other = relation.fromEntityId().equals(entity) ? relation.toEntityId() : relation.fromEntityId();
          if (!depthOf.containsKey(other) && depthOf.size() < MAX_NODES) {
            depthOf.put(other, level);
            next.add(other);
          }
        }
      }
      frontier = next;
    }
    var kept = depthOf.keySet();
    return new Neighbourhood(start, depthOf, edges.stream()
        .filter(e -> kept.contains(e.fromEntityId()) && kept.contains(e.toEntityId())).toList());
  }

  /** The messages that mention the entity, newest first, with their content (null if redacted). */
  public List<Mention> mentions(String tenant, String entityId, int limit) {
    if (forgotten(tenant, entityId)) {
      return List.of();
    }
    var all = new ArrayList<Mention>();
    for (var shard : shards.all()) {
      all.addAll(shard.query("mentions-of-entity", rows -> {
        var list = new ArrayList<Mention>();
        while (rows.next()) {
          list.add(new Mention(rows.getString(1), rows.getString(2), rows.getString(3),
              Micros.toInstant(rows.getLong(4))));
        }
        return list;
      }, tenant, entityId, limit));
    }
    return first(all, NEWEST, limit);
  }

  private static <T> List<T> first(List<T> items, Comparator<T> order, int limit) {
    return items.stream().sorted(order).limit(limit).toList();
  }

  private static List<Relation> relations(ResultSet rows) throws SQLException {
    var list = new ArrayList<Relation>();
    while (rows.next()) {
      list.add(new Relation(rows.getString(1), rows.getString(2), rows.getString(3), rows.getDouble(4),
          Micros.toInstant(rows.getLong(5))));
    }
    return list;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** An entity found by a lookup. */
  public record EntitySummary(String entityId, String entityType, String name) {}

  /** A message mentioning an entity. */
  public record Mention(String conversationId, String messageId, String content, java.time.Instant occurredAt) {}

  /**
   * The entities around a start entity and the relations between them.
   *
   * @param depths each entity's distance from the start (the start is 0)
   */
  public record Neighbourhood(String start, Map<String, Integer> depths, List<Relation> relations) {
    public Set<String> entities() {
      return depths.keySet();
    }
  }
}
