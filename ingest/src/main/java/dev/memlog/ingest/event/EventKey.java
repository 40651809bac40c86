package dev.memlog.ingest.event;

import java.nio.charset.StandardCharsets;

/**
 * The Kafka record key of an event: {@code TENANT/conversation/ID} or {@code TENANT/entity/ID}.
 *
 * <p>Tenants cannot contain {@code /}, so the key is unambiguous whatever the id holds. All events of one
 * conversation share a key, and so do all events of one entity: that is what keeps them in order.
 */
public record EventKey(String tenant, Kind kind, String id) {

  /** What a key names. */
  public enum Kind {
    CONVERSATION("conversation"),
    ENTITY("entity");

    private final String segment;

    Kind(String segment) {
      this.segment = segment;
    }

    /** The middle segment of the key text. */
    public String segment() {
      return segment;
    }
  }

  public static EventKey conversation(String tenant, String conversationId) {
    return new EventKey(tenant, Kind.CONVERSATION, conversationId);
  }

  public static EventKey entity(String tenant, String entityId) {
    return new EventKey(tenant, Kind.ENTITY, entityId);
  }

  /** The key as written to Kafka, e.g. {@code acme/conversation/c-42}. */
  public String text() {
    return tenant + '/' + kind.segment() + '/' + id;
  }

  /** The UTF-8 bytes of {@link #text()}, which Kafka's partitioner hashes. */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text();
  }
}
