-- Statements the query side runs against the SQLite read model, by name. Parameters are always bound.

-- name: conversation-exists
SELECT 1 FROM conversations WHERE tenant = ? AND conversation_id = ?;

-- name: messages-page-asc
-- ?3, ?4: the cursor (null for the first page); ?5, ?6: the time window (null ends are open);
-- ?8, ?9: "as of" a time or an offset of the conversation's partition (null: now): the messages appended by
-- then, with the content they had then (a redacted message stays redacted)
SELECT m.message_id, m.role, m.agent_id,
       CASE
         WHEN m.redacted = 1 THEN NULL
         WHEN (?8 IS NULL OR m.content_at <= ?8) AND (?9 IS NULL OR m.content_offset <= ?9) THEN m.content
         ELSE (SELECT v.content FROM message_versions v
               WHERE v.tenant = m.tenant AND v.conversation_id = m.conversation_id AND v.message_id = m.message_id
                 AND (?8 IS NULL OR v.content_at <= ?8) AND (?9 IS NULL OR v.content_offset <= ?9)
               ORDER BY v.content_at DESC, v.content_event_id DESC LIMIT 1)
       END,
       m.occurred_at, m.redacted, m.token_count, m.attachments
FROM messages m
WHERE m.tenant = ?1 AND m.conversation_id = ?2 AND m.occurred_at IS NOT NULL
  AND (?3 IS NULL OR (m.occurred_at, m.message_id) > (?3, ?4))
  AND (?5 IS NULL OR m.occurred_at >= ?5) AND (?6 IS NULL OR m.occurred_at < ?6)
  AND (?8 IS NULL OR m.occurred_at <= ?8) AND (?9 IS NULL OR m.src_offset <= ?9)
ORDER BY m.occurred_at, m.message_id
LIMIT ?7;

-- name: messages-page-desc
SELECT m.message_id, m.role, m.agent_id,
       CASE
         WHEN m.redacted = 1 THEN NULL
         WHEN (?8 IS NULL OR m.content_at <= ?8) AND (?9 IS NULL OR m.content_offset <= ?9) THEN m.content
         ELSE (SELECT v.content FROM message_versions v
               WHERE v.tenant = m.tenant AND v.conversation_id = m.conversation_id AND v.message_id = m.message_id
                 AND (?8 IS NULL OR v.content_at <= ?8) AND (?9 IS NULL OR v.content_offset <= ?9)
               ORDER BY v.content_at DESC, v.content_event_id DESC LIMIT 1)
       END,
       m.occurred_at, m.redacted, m.token_count, m.attachments
FROM messages m
WHERE m.tenant = ?1 AND m.conversation_id = ?2 AND m.occurred_at IS NOT NULL
  AND (?3 IS NULL OR (m.occurred_at, m.message_id) < (?3, ?4))
  AND (?5 IS NULL OR m.occurred_at >= ?5) AND (?6 IS NULL OR m.occurred_at < ?6)
  AND (?8 IS NULL OR m.occurred_at <= ?8) AND (?9 IS NULL OR m.src_offset <= ?9)
ORDER BY m.occurred_at DESC, m.message_id DESC
LIMIT ?7;

-- name: search-candidates
-- The best ?3 matches by bm25: the pool ContextRanking ranks. ?4..?8 filter by conversation, role, agent and time
-- window; a null filter keeps everything. FTS5 itself narrows the match to the tenant's range of rowids
-- (V7__tenant_rowid_ranges.sql): it seeks each term's doclist to the range. A tenant with no range in this shard
-- gets the empty range 0..0 (no message has rowid 0): FTS5 takes a NULL bound for no bound, and would read every
-- tenant's matches to find none (4.5 ms instead of 0.1 for three common terms in a 1M shard). The range holds the
-- tenant's messages only, so without a filter the matches are ranked on the index alone and only the pool's rows
-- are read from messages; a filter reads the message row of every match (the EXISTS is not evaluated when every
-- filter is null). Which pool rows are neighbouring turns is asked afterwards (search-adjacent), of the pairs
-- that can be.
WITH tenant AS (
  SELECT coalesce(max(ordinal << 32), 0) AS first_id, coalesce(max((ordinal << 32) + 4294967295), 0) AS last_id
  FROM tenant_ranges WHERE tenant = ?2
),
pool AS (
  SELECT messages_fts.rowid AS id, -bm25(messages_fts) AS score
  FROM messages_fts
  WHERE messages_fts MATCH ?1
    AND messages_fts.rowid BETWEEN (SELECT first_id FROM tenant) AND (SELECT last_id FROM tenant)
    AND ((?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL AND ?7 IS NULL AND ?8 IS NULL)
         OR EXISTS (SELECT 1 FROM messages m WHERE m.id = messages_fts.rowid
                    AND (?4 IS NULL OR m.conversation_id = ?4) AND (?5 IS NULL OR m.role = ?5)
                    AND (?6 IS NULL OR m.agent_id = ?6) AND (?7 IS NULL OR m.occurred_at >= ?7)
                    AND (?8 IS NULL OR m.occurred_at < ?8)))
  ORDER BY score DESC, id DESC
  LIMIT ?3
)
SELECT m.id, m.conversation_id, m.message_id, m.role, m.agent_id, m.occurred_at, pool.score
FROM pool JOIN messages m ON m.id = pool.id;

-- name: search-adjacent
-- Of pairs of visible messages of one conversation, each the earlier one's row id and the later one's (?1: a JSON
-- array of such pairs), the positions in ?1 of the pairs with no visible message between them: neighbouring
-- turns. ShardSearch asks it of the pool's matches that follow each other in a conversation, one seek of
-- messages_by_time per pair; this replaced looking up both neighbours of every such match (two seeks, and a
-- window over the pool that cost more than the seeks): 20-25% less CPU per shard, the same neighbours.
SELECT pair.key
FROM json_each(?1) AS pair
JOIN messages a ON a.id = pair.value ->> 0
JOIN messages b ON b.id = pair.value ->> 1
WHERE NOT EXISTS (SELECT 1 FROM messages x
                  WHERE x.tenant = a.tenant AND x.conversation_id = a.conversation_id AND x.occurred_at IS NOT NULL
                    AND (x.occurred_at, x.message_id) > (a.occurred_at, a.message_id)
                    AND (x.occurred_at, x.message_id) < (b.occurred_at, b.message_id)
                    AND x.role IS NOT NULL AND x.redacted = 0);

-- name: search-details
-- The snippet and the highlighted words of the page's rows (?2: a JSON array of row ids): snippet() and
-- highlight() re-read and re-tokenize a message, so they run for the page only. CROSS JOIN keeps the page as the
-- outer loop, so FTS5 is asked row by row; left to the planner, it ran the MATCH over every tenant's matches in
-- the shard and joined afterwards (23 ms instead of 2.5 ms for a page of 20 on a 130k-message shard). Each row
-- carries its message's key: between search-candidates and this read, a forgotten message's rowid can be given
-- to a new message of its tenant (the next rowid of a range is its largest + 1), and ShardSearch keeps a snippet
-- only for the message it was asked for.
SELECT page.value, snippet(messages_fts, 0, '<mark>', '</mark>', '…', 16),
       highlight(messages_fts, 0, char(2), char(3)), m.conversation_id, m.message_id
FROM json_each(?2) AS page
CROSS JOIN messages_fts ON messages_fts.rowid = page.value
CROSS JOIN messages m ON m.id = page.value
WHERE messages_fts MATCH ?1;

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

-- name: find-entities
SELECT entity_id, entity_type, name
FROM entities
WHERE tenant = ?1 AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\') AND (?3 IS NULL OR entity_type = ?3)
ORDER BY name COLLATE NOCASE, entity_id
LIMIT ?4;

-- name: mentions-of-entity
SELECT mn.conversation_id, mn.message_id, m.content, mn.occurred_at
FROM mentions mn
LEFT JOIN messages m
  ON m.tenant = mn.tenant AND m.conversation_id = mn.conversation_id AND m.message_id = mn.message_id
WHERE mn.tenant = ?1 AND mn.entity_id = ?2
ORDER BY mn.occurred_at DESC, mn.conversation_id, mn.message_id
LIMIT ?3;

-- name: entity-forgotten
SELECT 1 FROM forgotten WHERE tenant = ? AND kind = 'entity' AND id = ?;
