-- The content of each read-model table, in primary-key order, as the checksum hashes it. The first column is the
-- partition the row belongs to (src_partition); the others are content. Left out: the rowid messages.id and the
-- provenance columns (src_topic, src_partition, src_offset, event_id), which say which copy of an event produced a
-- row and differ between two projections of the same log; applied_offsets is progress, not content.

-- name: conversations
SELECT src_partition, tenant, conversation_id, title, title_at, title_event_id, agent_id, runtime, started_at,
       message_count, last_message_at
FROM conversations ORDER BY tenant, conversation_id;

-- name: messages
SELECT src_partition, tenant, conversation_id, message_id, role, agent_id, occurred_at, content, content_at,
       content_event_id, redacted, token_count, attachments
FROM messages ORDER BY tenant, conversation_id, message_id;

-- name: message-versions
SELECT src_partition, tenant, conversation_id, message_id, content, content_at, content_event_id
FROM message_versions ORDER BY tenant, conversation_id, message_id, content_at, content_event_id;

-- name: entities
SELECT src_partition, tenant, entity_id, entity_type, name, attributes, updated_at, update_event_id
FROM entities ORDER BY tenant, entity_id;

-- name: relations
SELECT src_partition, tenant, from_entity_id, relation_type, to_entity_id, strength, asserted_at, assert_event_id
FROM relations ORDER BY tenant, from_entity_id, relation_type, to_entity_id;

-- name: mentions
SELECT src_partition, tenant, entity_id, conversation_id, message_id, occurred_at
FROM mentions ORDER BY tenant, entity_id, conversation_id, message_id;

-- name: forgotten
SELECT src_partition, tenant, kind, id, forgotten_at
FROM forgotten ORDER BY tenant, kind, id;

-- name: applied-offsets
SELECT topic, partition, last_offset FROM applied_offsets ORDER BY topic, partition;

-- Every token the FTS index holds (fts5vocab 'instance' reads the index itself, not the content table).
-- name: create-index-vocab
CREATE VIRTUAL TABLE temp.memlog_index_vocab USING fts5vocab(main, messages_fts, instance);

-- The index as it should be: the content of every appended, non-redacted message (computed here from messages,
-- not read from the view the writer uses), tokenized like messages_fts (V7__tenant_rowid_ranges.sql). Same
-- rowids, so the two vocabularies compare token by token.
-- name: create-expected-index
CREATE VIRTUAL TABLE temp.memlog_expected_fts USING fts5(content,
  tokenize = 'porter unicode61 remove_diacritics 2');

-- name: fill-expected-index
INSERT INTO temp.memlog_expected_fts (rowid, content)
SELECT id, content FROM main.messages WHERE role IS NOT NULL AND redacted = 0;

-- name: create-expected-vocab
CREATE VIRTUAL TABLE temp.memlog_expected_vocab USING fts5vocab(temp, memlog_expected_fts, instance);

-- A token of a document that has no message row gets partition -1, so that it cannot go unnoticed.
-- name: index-tokens
SELECT coalesce(m.src_partition, -1), m.tenant, m.conversation_id, m.message_id, v.term, v.offset
FROM temp.memlog_index_vocab v LEFT JOIN main.messages m ON m.id = v.doc;

-- name: expected-tokens
SELECT coalesce(m.src_partition, -1), m.tenant, m.conversation_id, m.message_id, v.term, v.offset
FROM temp.memlog_expected_vocab v LEFT JOIN main.messages m ON m.id = v.doc;

-- name: drop-temp
DROP TABLE IF EXISTS temp.memlog_index_vocab;
DROP TABLE IF EXISTS temp.memlog_expected_vocab;
DROP TABLE IF EXISTS temp.memlog_expected_fts;

-- name: row-count
SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM message_versions)
     + (SELECT count(*) FROM entities) + (SELECT count(*) FROM relations) + (SELECT count(*) FROM mentions)
     + (SELECT count(*) FROM forgotten);
