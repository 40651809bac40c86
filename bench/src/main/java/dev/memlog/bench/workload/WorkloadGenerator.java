package dev.memlog.bench.workload;

import dev.memlog.ingest.event.ConversationStarted;
import dev.memlog.ingest.event.EntityMentioned;
import dev.memlog.ingest.event.EntityUpserted;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.MessageEdited;
import dev.memlog.ingest.event.RelationAsserted;
import dev.memlog.ingest.event.Role;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Generates the workload's events in order, deterministically from the seed: the same config gives the same
 * events, so a ceiling run can write exactly the rows the projector wrote. About 80% of the events are messages
 * (long-tailed lengths), the rest conversation starts, entity mentions, entity upserts, relations and edits.
 */
public final class WorkloadGenerator implements Iterator<MemoryEvent> {

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final Role[] ROLES = {Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.TOOL};
  private static final String[] RELATION_TYPES = {"owns", "ordered", "works_for", "located_in", "related_to"};

  private final WorkloadConfig config;
  private final Random random;
  private final Zipf tenantPopularity;
  private final Vocabulary vocabulary;
  private final TenantState[] tenants;
  private final QueryTargets targets;
  private final ArrayDeque<MemoryEvent> pending = new ArrayDeque<>();
  private long emitted;
  private long messages;

  public WorkloadGenerator(WorkloadConfig config) {
    this.config = config;
    this.random = new Random(config.seed());
    this.tenantPopularity = new Zipf(config.tenants(), 0.8);
    this.vocabulary = new Vocabulary(config.vocabularySize(), 1.07);
    this.tenants = new TenantState[config.tenants()];
    for (int t = 0; t < tenants.length; t++) {
      tenants[t] = new TenantState(String.format(java.util.Locale.ROOT, "%s-%03d", config.tenantPrefix(), t));
    }
    this.targets = new QueryTargets(2_000, config.seed() + 1);
  }

  @Override
  public boolean hasNext() {
    return emitted < config.events();
  }

  @Override
  public MemoryEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (pending.isEmpty()) {
      generate(tenants[tenantPopularity.next(random)]);
    }
    emitted++;
    var event = pending.poll();
    if (event instanceof MessageAppended) {
      messages++;
    }
    return event;
  }

  /** Events returned so far. */
  public long emitted() {
    return emitted;
  }

  /** Messages (message.appended events) returned so far. */
  public long messages() {
    return messages;
  }

  public QueryTargets targets() {
    return targets;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  private void generate(TenantState tenant) {
    double r = random.nextDouble();
    if (r < 0.80 || tenant.conversation == null || tenant.entities < 2) {
      message(tenant);
    } else if (r < 0.88) {
      pending.add(new EntityMentioned(id(), tenant.name, at(), tenant.source, tenant.conversation,
          tenant.lastMessage, entityId(random.nextInt(tenant.entities))));
    } else if (r < 0.94) {
      upsertEntity(tenant);
    } else if (r < 0.99) {
      var from = entityId(random.nextInt(tenant.entities));
      pending.add(new RelationAsserted(id(), tenant.name, at(), tenant.source, from,
          RELATION_TYPES[random.nextInt(RELATION_TYPES.length)], entityId(random.nextInt(tenant.entities)),
          Math.round(random.nextDouble() * 100) / 100.0));
      targets.entity(tenant.name, from);
    } else {
      pending.add(new MessageEdited(id(), tenant.name, at(), tenant.source, tenant.conversation,
          tenant.lastMessage, vocabulary.text(random, LongTail.MESSAGE_WORDS.next(random))));
    }
  }

  private void message(TenantState tenant) {
    if (tenant.conversation == null || random.nextInt(config.messagesPerConversation()) == 0) {
      tenant.conversation = "c-" + tenant.conversations++;
      pending.add(new ConversationStarted(id(), tenant.name, at(), tenant.source, tenant.conversation,
          vocabulary.text(random, 2 + random.nextInt(5))));
      targets.conversation(tenant.name, tenant.conversation);
    }
    if (tenant.entities < 2) {
      upsertEntity(tenant);
    }
    tenant.lastMessage = "m-" + tenant.messages++;
    pending.add(new MessageAppended(id(), tenant.name, at(), tenant.source, tenant.conversation, tenant.lastMessage,
        ROLES[random.nextInt(ROLES.length)], vocabulary.text(random, LongTail.MESSAGE_WORDS.next(random)), null,
        java.util.List.of()));
  }

  private void upsertEntity(TenantState tenant) {
    boolean fresh = tenant.entities < config.entitiesPerTenant() && (tenant.entities < 2 || random.nextInt(3) > 0);
    int index = fresh ? tenant.entities++ : random.nextInt(tenant.entities);
    pending.add(new EntityUpserted(id(), tenant.name, at(), tenant.source, entityId(index),
        RELATION_TYPES[index % RELATION_TYPES.length], vocabulary.text(random, 2),
        Map.of("status", vocabulary.next(random), "rank", Integer.toString(index))));
  }

  private String id() {
    return "e-" + (emitted + pending.size());
  }

  private Instant at() {
    return EPOCH.plusMillis(10 * (emitted + pending.size()));
  }

  private static String entityId(int index) {
    return "ent-" + index;
  }

  private static final class TenantState {
    final String name;
    final EventSource source;
    String conversation;
    String lastMessage;
    int conversations;
    int messages;
    int entities;

    TenantState(String name) {
      this.name = name;
      this.source = new EventSource("agent-" + name, "bench");
    }
  }
}
