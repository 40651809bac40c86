-- The first memlog read model. Every row can be derived from the events topic; every row says which record
-- produced it (src_topic, src_partition, src_offset, event_id). Times are microseconds since the epoch.

-- The last offset applied of each input partition, written in the same transaction as the rows it produced.
CREATE TABLE applied_offsets (
  topic          TEXT    NOT NULL,
  partition      INTEGER NOT NULL,
  last_offset    INTEGER NOT NULL,
  last_event_at  INTEGER,
  PRIMARY KEY (topic, partition)
) WITHOUT ROWID;

CREATE TABLE conversations (
  tenant           TEXT    NOT NULL,
  conversation_id  TEXT    NOT NULL,
  title            TEXT,
  title_at         INTEGER,
  title_event_id   TEXT,
  agent_id         TEXT,
  runtime          TEXT,
  started_at       INTEGER,
  message_count    INTEGER NOT NULL DEFAULT 0,
  last_message_at  INTEGER,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  event_id         TEXT    NOT NULL,
  PRIMARY KEY (tenant, conversation_id)
) WITHOUT ROWID;

-- A row whose role is NULL is a placeholder: an edit or a redaction arrived before the message itself.
-- A message is in messages_fts exactly when role IS NOT NULL AND redacted = 0, with its current content.
CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  tenant           TEXT    NOT NULL,
  conversation_id  TEXT    NOT NULL,
  message_id       TEXT    NOT NULL,
  role             TEXT,
  agent_id         TEXT,
  occurred_at      INTEGER,
  content          TEXT,
  content_at       INTEGER NOT NULL,
  content_event_id TEXT    NOT NULL,
  redacted         INTEGER NOT NULL DEFAULT 0,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  event_id         TEXT    NOT NULL,
  UNIQUE (tenant, conversation_id, message_id)
);
CREATE INDEX messages_by_time ON messages (tenant, conversation_id, occurred_at, message_id);

-- Full-text index over message content, kept in step by explicit inserts and deletes (no triggers).
-- secure-delete removes a deleted row's tokens from the index itself, so forgotten words leave no trace.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content,
  content = 'messages',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);

CREATE TABLE entities (
  tenant           TEXT    NOT NULL,
  entity_id        TEXT    NOT NULL,
  entity_type      TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  attributes       TEXT    NOT NULL,
  updated_at       INTEGER NOT NULL,
  update_event_id  TEXT    NOT NULL,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  event_id         TEXT    NOT NULL,
  PRIMARY KEY (tenant, entity_id)
) WITHOUT ROWID;
CREATE INDEX entities_by_name ON entities (tenant, name COLLATE NOCASE);

CREATE TABLE relations (
  tenant           TEXT    NOT NULL,
  from_entity_id   TEXT    NOT NULL,
  relation_type    TEXT    NOT NULL,
  to_entity_id     TEXT    NOT NULL,
  strength         REAL    NOT NULL,
  asserted_at      INTEGER NOT NULL,
  assert_event_id  TEXT    NOT NULL,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  event_id         TEXT    NOT NULL,
  PRIMARY KEY (tenant, from_entity_id, relation_type, to_entity_id)
) WITHOUT ROWID;
CREATE INDEX relations_by_target ON relations (tenant, to_entity_id);

CREATE TABLE mentions (
  tenant           TEXT    NOT NULL,
  entity_id        TEXT    NOT NULL,
  conversation_id  TEXT    NOT NULL,
  message_id       TEXT    NOT NULL,
  occurred_at      INTEGER NOT NULL,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  event_id         TEXT    NOT NULL,
  PRIMARY KEY (tenant, entity_id, conversation_id, message_id)
) WITHOUT ROWID;
CREATE INDEX mentions_by_conversation ON mentions (tenant, conversation_id);

-- Forgetting is final: later events about a forgotten conversation or entity are ignored.
CREATE TABLE forgotten (
  tenant           TEXT    NOT NULL,
  kind             TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  forgotten_at     INTEGER NOT NULL,
  event_id         TEXT    NOT NULL,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  PRIMARY KEY (tenant, kind, id)
) WITHOUT ROWID;
