package dev.memlog.projector.keys;

import dev.memlog.ingest.event.DataKey;
import dev.memlog.ingest.event.SealKeys;
import java.util.Optional;

/** The data keys the projector opens sealed events with, and deletes when their subject is forgotten. */
public interface SubjectKeys extends SealKeys {

  /** No keys: a sealed event is dead-lettered as unreadable, nothing is shredded. For plain-text-only setups. */
  SubjectKeys NONE = new SubjectKeys() {
    @Override
    public Optional<DataKey> find(String subject, String keyId) {
      return SealKeys.NONE.find(subject, keyId);
    }

    @Override
    public Optional<DataKey> current(String subject) {
      return Optional.empty();
    }

    @Override
    public int shred(String subject) {
      return 0;
    }
  };

  /**
   * A key of the subject held now, to seal the projector's own copies of the subject's content with (the RocksDB
   * views, whose changelog topics Kafka keeps); empty if the subject has none (its events are in plain text).
   */
  Optional<DataKey> current(String subject);

  /**
   * Deletes every key of the subject (tombstones in the keys topic), including keys written before this call
   * that were not read yet, and returns once the deletions are acknowledged. Shredding a subject without keys
   * does nothing, so it is safe to repeat on every replay.
   *
   * @param subject the event key text of a conversation or an entity
   * @return how many keys were deleted
   * @throws dev.memlog.ingest.event.KeysUnavailableException if the keys topic cannot be read or written now
   */
  int shred(String subject);
}
