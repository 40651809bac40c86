package dev.memlog.node;

import dev.memlog.ingest.event.EntityMentioned;
import dev.memlog.ingest.event.EventSource;
import dev.memlog.ingest.event.Events;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import dev.memlog.ingest.event.MessageRedacted;
import dev.memlog.ingest.event.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic heavy ingest for crash tests: conversations whose messages arrive round by round (so every
 * partition grows all the time), with edits, redactions, mentions, entities and relations. Event ids and times
 * come from counters, so building it twice gives the same events.
 *
 * @param events the events, in publishing order
 */
record HeavyIngest(List<MemoryEvent> events) {

  static final String TENANT = "acme";

  static HeavyIngest of(int conversations, int messagesPerConversation) {
    var sequence = new AtomicLong();
    var start = Instant.parse("2026-01-01T00:00:00Z");
    var clock = new Clock() {
      @Override
      public Instant instant() {
        return start.plusMillis(sequence.get());
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    var factory = new Events(TENANT, new EventSource("crash-bot", "it"), clock,
        () -> "e-" + sequence.incrementAndGet());
    var list = new ArrayList<MemoryEvent>();
    for (int c = 0; c < conversations; c++) {
      list.add(factory.conversationStarted("c-" + c, "conversation " + c));
    }
    for (int m = 0; m < messagesPerConversation; m++) {
      for (int c = 0; c < conversations; c++) {
        var conversation = "c-" + c;
        list.add(factory.messageAppended(conversation, "m-" + m, m % 2 == 0 ? Role.USER : Role.ASSISTANT,
            "report " + c + "/" + m + " about kettle " + (m % 97) + " and the blue teapot"));
        if (m % 10 == 9) {
          list.add(factory.messageEdited(conversation, "m-" + (m - 5), "edited " + c + "/" + m + " red kettle"));
        }
        if (m % 50 == 25) {
          list.add(factory.messageRedacted(conversation, "m-" + (m - 3), "card number"));
        }
        if (m % 20 == 0) {
          list.add(factory.entityMentioned(conversation, "m-" + m, "kettle-" + (m % 97)));
        }
      }
      if (m < 97) {
        list.add(factory.entityUpserted("kettle-" + m, "product", "Kettle " + m, Map.of("round", "" + m)));
        list.add(factory.relationAsserted("customer-" + (m % 13), "ordered", "kettle-" + m, 0.5));
      }
    }
    return new HeavyIngest(List.copyOf(list));
  }

  /** What the read model must hold once every event is applied, whatever was delivered twice. */
  Map<String, Long> expectedCounts() {
    var messages = new HashSet<String>();
    var redacted = new HashSet<String>();
    var conversations = new HashSet<String>();
    var mentions = new HashSet<String>();
    for (var event : events) {
      if (event instanceof MessageAppended e) {
        messages.add(e.conversationId() + "/" + e.messageId());
        conversations.add(e.conversationId());
      } else if (event instanceof MessageRedacted e) {
        redacted.add(e.conversationId() + "/" + e.messageId());
      } else if (event instanceof EntityMentioned e) {
        mentions.add(e.entityId() + "/" + e.conversationId() + "/" + e.messageId());
      }
    }
    var counts = new HashMap<String, Long>();
    counts.put("messages", (long) messages.size());
    counts.put("counted", (long) messages.size());
    counts.put("conversations", (long) conversations.size());
    counts.put("fts", (long) messages.size() - redacted.size());
    counts.put("redacted", (long) redacted.size());
    counts.put("mentions", (long) mentions.size());
    counts.put("entities", events.stream().filter(e -> e instanceof dev.memlog.ingest.event.EntityUpserted).count());
    counts.put("relations",
        events.stream().filter(e -> e instanceof dev.memlog.ingest.event.RelationAsserted).count());
    return Map.copyOf(counts);
  }
}
