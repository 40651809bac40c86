-- Statements that drop one input partition's projection, so that it can be replayed from its first offset.
-- Every row records the partition it came from (src_partition); FTS rows go first, while their content is known.

-- name: fts-delete-partition
INSERT INTO messages_fts (messages_fts, rowid, content, tenant)
SELECT 'delete', id, content, tenant FROM messages_fts_content
WHERE id IN (SELECT id FROM messages WHERE src_partition = ?);

-- name: delete-messages
DELETE FROM messages WHERE src_partition = ?;

-- name: delete-message-versions
DELETE FROM message_versions WHERE src_partition = ?;

-- name: delete-conversations
DELETE FROM conversations WHERE src_partition = ?;

-- name: delete-entities
DELETE FROM entities WHERE src_partition = ?;

-- name: delete-relations
DELETE FROM relations WHERE src_partition = ?;

-- name: delete-mentions
DELETE FROM mentions WHERE src_partition = ?;

-- name: delete-forgotten
DELETE FROM forgotten WHERE src_partition = ?;

-- name: delete-applied-offset
DELETE FROM applied_offsets WHERE topic = ? AND partition = ?;
