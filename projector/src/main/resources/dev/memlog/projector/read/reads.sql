-- Statements the query side runs against the SQLite read model, by name. Parameters are always bound.

-- name: conversation-exists
SELECT 1 FROM conversations WHERE tenant = ? AND conversation_id = ?;

-- name: messages-page
SELECT message_id, role, agent_id, content, occurred_at, redacted
FROM messages
WHERE tenant = ?1 AND conversation_id = ?2 AND occurred_at IS NOT NULL
  AND (occurred_at, message_id) > (?3, ?4)
ORDER BY occurred_at, message_id
LIMIT ?5;

-- name: search
SELECT m.conversation_id, m.message_id, m.role, m.agent_id, m.occurred_at,
       -bm25(messages_fts) AS score,
       snippet(messages_fts, 0, '<mark>', '</mark>', '…', 16) AS snippet
FROM messages_fts
JOIN messages m ON m.id = messages_fts.rowid
WHERE messages_fts MATCH ?1 AND m.tenant = ?2
ORDER BY score DESC, m.occurred_at DESC, m.message_id
LIMIT ?3 OFFSET ?4;

-- name: entity-exists
SELECT 1 FROM entities WHERE tenant = ? AND entity_id = ?;

-- name: relations-out
SELECT from_entity_id, relation_type, to_entity_id, strength, asserted_at
FROM relations WHERE tenant = ? AND from_entity_id = ?
ORDER BY strength DESC, relation_type, to_entity_id
LIMIT ?;

-- name: relations-in
SELECT from_entity_id, relation_type, to_entity_id, strength, asserted_at
FROM relations WHERE tenant = ? AND to_entity_id = ?
ORDER BY strength DESC, relation_type, from_entity_id
LIMIT ?;
