package dev.memlog.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the load generator asks for: conversations, entities with relations and search texts that exist in the
 * generated data, kept as uniform samples (reservoirs) of everything generated so far.
 */
public final class QueryTargets {

  /** A tenant and an id in it. */
  public record Target(String tenant, String id) {}

  private final int capacity;
  private final Random random;
  private final List<Target> conversations = new ArrayList<>();
  private final List<Target> entities = new ArrayList<>();
  private long conversationsSeen;
  private long entitiesSeen;

  QueryTargets(int capacity, long seed) {
    this.capacity = capacity;
    this.random = new Random(seed);
  }

  void conversation(String tenant, String id) {
    conversationsSeen = offer(conversations, conversationsSeen, new Target(tenant, id));
  }

  void entity(String tenant, String id) {
    entitiesSeen = offer(entities, entitiesSeen, new Target(tenant, id));
  }

  public List<Target> conversations() {
    return List.copyOf(conversations);
  }

  public List<Target> entities() {
    return List.copyOf(entities);
  }

  private long offer(List<Target> reservoir, long seen, Target target) {
    if (reservoir.size() < capacity) {
      reservoir.add(target);
    } else {
      long slot = (long) (random.nextDouble() * (seen + 1));
      if (slot < capacity) {
        reservoir.set((int) slot, target);
      }
    }
    return seen + 1;
  }
}
