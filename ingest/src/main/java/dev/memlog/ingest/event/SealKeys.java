package dev.memlog.ingest.event;

import java.util.Optional;

/** Where a reader finds the data keys that open sealed events. */
@FunctionalInterface
public interface SealKeys {

  /** No keys at all: every sealed event is refused as unreadable here (HTTP input, tools without the keys topic). */
  SealKeys NONE = (subject, keyId) -> {
    throw new InvalidEventException(InvalidEventException.Reason.BAD_SEAL,
        "the event is sealed and there are no keys to open it here; send content in plain text");
  };

  /**
   * The key {@code keyId} of {@code subject}.
   *
   * @return the key, or empty if it does not exist and never will: it was shredded (its subject was forgotten)
   * @throws InvalidEventException with reason {@code UNKNOWN_KEY} if the key was never written (a dead letter)
   * @throws KeysUnavailableException if it cannot be told now whether the key exists (the keys topic cannot be
   *     read); the caller must retry later rather than treat the content as gone
   */
  Optional<DataKey> find(String subject, String keyId);
}
