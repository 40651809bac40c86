-- Statements the projector runs while applying events, by name. Parameters are always bound.

-- name: all-forgotten
SELECT tenant, kind, id FROM forgotten;

-- name: insert-forgotten
INSERT OR IGNORE INTO forgotten (tenant, kind, id, forgotten_at, event_id, src_topic, src_partition, src_offset)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: start-conversation
INSERT INTO conversations (tenant, conversation_id, title, title_at, title_event_id, agent_id, runtime, started_at,
                           src_topic, src_partition, src_offset, event_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant, conversation_id) DO UPDATE SET
  title = excluded.title, title_at = excluded.title_at, title_event_id = excluded.title_event_id,
  agent_id = excluded.agent_id, runtime = excluded.runtime, started_at = excluded.started_at,
  src_topic = excluded.src_topic, src_partition = excluded.src_partition, src_offset = excluded.src_offset,
  event_id = excluded.event_id
WHERE conversations.title_at IS NULL
   OR (excluded.title_at, excluded.title_event_id) > (conversations.title_at, conversations.title_event_id);

-- name: count-message
INSERT INTO conversations (tenant, conversation_id, message_count, last_message_at,
                           src_topic, src_partition, src_offset, event_id)
VALUES (?, ?, 1, ?, ?, ?, ?, ?)
ON CONFLICT (tenant, conversation_id) DO UPDATE SET
  message_count = conversations.message_count + 1,
  last_message_at = max(coalesce(conversations.last_message_at, excluded.last_message_at), excluded.last_message_at);

-- name: find-message
SELECT id, role, content, content_at, content_event_id, redacted, content_offset
FROM messages WHERE tenant = ? AND conversation_id = ? AND message_id = ?;

-- Each tenant's range of rowids in this shard (V7__tenant_rowid_ranges.sql); see TenantRanges.
-- name: all-tenant-ranges
SELECT tenant, ordinal FROM tenant_ranges;

-- name: add-tenant-range
INSERT INTO tenant_ranges (tenant, ordinal) VALUES (?, ?);

-- ?18: the rowid before the tenant's range; the message gets the next rowid of the range.
-- name: insert-message
INSERT INTO messages (id, tenant, conversation_id, message_id, role, agent_id, occurred_at, content, content_at,
                      content_event_id, redacted, src_topic, src_partition, src_offset, event_id, content_offset,
                      token_count, attachments)
VALUES (coalesce((SELECT id FROM messages WHERE id > ?18 AND id <= ?18 + 4294967295 ORDER BY id DESC LIMIT 1),
                 ?18) + 1,
        ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
ON CONFLICT (tenant, conversation_id, message_id) DO NOTHING
RETURNING id;

-- name: complete-placeholder
UPDATE messages SET role = ?, agent_id = ?, occurred_at = ?, content = ?, content_at = ?, content_event_id = ?,
                    content_offset = ?, src_topic = ?, src_partition = ?, src_offset = ?, event_id = ?,
                    token_count = ?, attachments = ?
WHERE id = ?;

-- name: set-content
UPDATE messages SET content = ?, content_at = ?, content_event_id = ?, content_offset = ? WHERE id = ?;

-- name: redact-message
UPDATE messages SET content = NULL, redacted = 1, content_at = ?, content_event_id = ? WHERE id = ?;

-- name: keep-version
INSERT OR IGNORE INTO message_versions (tenant, conversation_id, message_id, content, content_at, content_event_id,
                                        content_offset, src_topic, src_partition, src_offset)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: delete-versions-of-message
DELETE FROM message_versions WHERE tenant = ? AND conversation_id = ? AND message_id = ?;

-- name: delete-versions-of-conversation
DELETE FROM message_versions WHERE tenant = ? AND conversation_id = ?;

-- The index rows of a message, as messages_fts_content (V7__tenant_rowid_ranges.sql) has them: insert once the
-- message row is indexable, delete while it still is (the callers make sure of both: a row that is not would be
-- indexed with no content). One row of VALUES, not INSERT ... SELECT: re-indexing a shard-sized file of the bench
-- workload (130,714 messages, 5,000 per transaction) cost 36.2 µs of CPU per message with INSERT ... SELECT (from
-- the view or from messages alike) and 12.3 µs with VALUES, for the same index.
-- name: fts-insert
INSERT INTO messages_fts (rowid, content)
VALUES (?1, (SELECT content FROM messages_fts_content WHERE id = ?1));

-- name: fts-delete
INSERT INTO messages_fts (messages_fts, rowid, content)
VALUES ('delete', ?1, (SELECT content FROM messages_fts_content WHERE id = ?1));

-- FTS5's secure-delete for the deletes of this transaction (1), or no longer (0): see FtsIndex.
-- name: fts-secure-delete
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', ?);

-- One step of merging every segment of the index toward one (FTS5's incremental optimize: ?1 is minus the most
-- pages the step writes). Each commit that indexed rows adds a segment, and a search seeks each of its terms in
-- every segment: 21 segments in a 130k-message shard after the 1M bench log. total-changes tells whether the step
-- merged anything (fewer than 2 changes: nothing was left to merge).
-- name: fts-merge
INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?);

-- name: total-changes
SELECT total_changes();

-- name: fts-delete-conversation
INSERT INTO messages_fts (messages_fts, rowid, content)
SELECT 'delete', id, content FROM messages_fts_content
WHERE id IN (SELECT id FROM messages WHERE tenant = ? AND conversation_id = ?);

-- name: delete-messages-of-conversation
DELETE FROM messages WHERE tenant = ? AND conversation_id = ?;

-- name: delete-mentions-of-conversation
DELETE FROM mentions WHERE tenant = ? AND conversation_id = ?;

-- name: delete-conversation
DELETE FROM conversations WHERE tenant = ? AND conversation_id = ?;

-- name: upsert-entity
INSERT INTO entities (tenant, entity_id, entity_type, name, attributes, updated_at, update_event_id,
                      src_topic, src_partition, src_offset, event_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant, entity_id) DO UPDATE SET
  entity_type = excluded.entity_type, name = excluded.name, attributes = excluded.attributes,
  updated_at = excluded.updated_at, update_event_id = excluded.update_event_id,
  src_topic = excluded.src_topic, src_partition = excluded.src_partition, src_offset = excluded.src_offset,
  event_id = excluded.event_id
WHERE (excluded.updated_at, excluded.update_event_id) > (entities.updated_at, entities.update_event_id);

-- name: upsert-relation
INSERT INTO relations (tenant, from_entity_id, relation_type, to_entity_id, strength, asserted_at, assert_event_id,
                       src_topic, src_partition, src_offset, event_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant, from_entity_id, relation_type, to_entity_id) DO UPDATE SET
  strength = excluded.strength, asserted_at = excluded.asserted_at, assert_event_id = excluded.assert_event_id,
  src_topic = excluded.src_topic, src_partition = excluded.src_partition, src_offset = excluded.src_offset,
  event_id = excluded.event_id
WHERE (excluded.asserted_at, excluded.assert_event_id) > (relations.asserted_at, relations.assert_event_id);

-- name: insert-mention
INSERT OR IGNORE INTO mentions (tenant, entity_id, conversation_id, message_id, occurred_at,
                                src_topic, src_partition, src_offset, event_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: delete-entity
DELETE FROM entities WHERE tenant = ? AND entity_id = ?;

-- name: delete-relations-of-entity
DELETE FROM relations WHERE tenant = ?1 AND (from_entity_id = ?2 OR to_entity_id = ?2);

-- name: delete-mentions-of-entity
DELETE FROM mentions WHERE tenant = ? AND entity_id = ?;

-- name: record-offset
INSERT INTO applied_offsets (topic, partition, last_offset, last_event_at) VALUES (?, ?, ?, ?)
ON CONFLICT (topic, partition) DO UPDATE SET
  last_offset = max(applied_offsets.last_offset, excluded.last_offset),
  last_event_at = coalesce(excluded.last_event_at, applied_offsets.last_event_at);

-- name: applied-offsets
SELECT topic, partition, last_offset, last_event_at FROM applied_offsets;

-- name: conversation
SELECT title, agent_id, runtime, started_at, message_count, last_message_at
FROM conversations WHERE tenant = ? AND conversation_id = ?;

-- name: latest-messages
SELECT message_id, role, agent_id, content, occurred_at, redacted, token_count, attachments
FROM messages
WHERE tenant = ? AND conversation_id = ? AND occurred_at IS NOT NULL
ORDER BY occurred_at DESC, message_id DESC
LIMIT ?;

-- name: entity
SELECT entity_type, name, attributes, updated_at FROM entities WHERE tenant = ? AND entity_id = ?;

-- name: conversations-of-partition
SELECT tenant, conversation_id FROM conversations WHERE src_topic = ? AND src_partition = ?;

-- name: entities-of-partition
SELECT tenant, entity_id FROM entities WHERE src_topic = ? AND src_partition = ?;
