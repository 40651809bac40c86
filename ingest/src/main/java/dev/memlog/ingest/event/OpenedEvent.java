package dev.memlog.ingest.event;

import java.util.Objects;

/**
 * An event as read from the log, and whether its content was sealed.
 *
 * @param event the event, not null; when {@code seal} is {@link Seal#SHREDDED} its sealed fields hold the
 *     values that mean "gone" (empty content and attachments, null title, no attributes)
 * @param seal how its content was written, not null
 */
public record OpenedEvent(MemoryEvent event, Seal seal) {

  /** How an event's content was written. */
  public enum Seal {
    /** In plain text. */
    PLAIN,
    /** Sealed, and opened with its key. */
    OPENED,
    /** Sealed with a key that no longer exists (its subject was forgotten) or never existed: the content is gone. */
    SHREDDED
  }

  public OpenedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(seal, "seal");
  }

  /** Whether the event's content is gone for good. */
  public boolean shredded() {
    return seal == Seal.SHREDDED;
  }
}
