-- Each tenant's messages get rowids of a range of their own: the tenant's ordinal in this shard (1, 2, ... in the
-- order of its first message) in the high 32 bits, and 1, 2, ... in the order its messages were stored in the
-- low 32. The FTS5 index keeps every term's doclist in rowid order, so a search asks FTS5 for the tenant's
-- range of rowids and FTS5 seeks straight to it; the tenant's token (V5) is no longer indexed, and bm25 no longer
-- reads the whole doclist of that token to weigh it. A tenant's rows also sit together in messages.
-- Measured on a shard-sized file of the bench workload (130,714 messages, 100 tenants): the best 200 matches of
-- the largest tenant with their neighbouring turns (search-candidates), 3.4 -> 2.0 ms of CPU at the
-- median, 8.0 -> 4.7 ms at the 90th percentile (docs/BENCHMARKS.md).
CREATE TABLE tenant_ranges (
  tenant   TEXT    NOT NULL PRIMARY KEY,
  ordinal  INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

INSERT INTO tenant_ranges (tenant, ordinal)
SELECT tenant, row_number() OVER (ORDER BY min(id)) FROM messages GROUP BY tenant;

CREATE TEMP TABLE renumbered AS
SELECT m.id AS old_id, (r.ordinal << 32) + row_number() OVER (PARTITION BY m.tenant ORDER BY m.id) AS new_id
FROM messages m JOIN tenant_ranges r ON r.tenant = m.tenant;

UPDATE messages SET id = -id;
UPDATE messages SET id = renumbered.new_id FROM renumbered WHERE renumbered.old_id = -messages.id;
DROP TABLE temp.renumbered;

DROP TABLE messages_fts;
DROP VIEW messages_fts_content;

-- The index as it should be: every appended, non-redacted message (the writer inserts and deletes index rows
-- from it; snippets and highlights read it).
CREATE VIEW messages_fts_content AS
SELECT id, content FROM messages WHERE role IS NOT NULL AND redacted = 0;

CREATE VIRTUAL TABLE messages_fts USING fts5(
  content,
  content = 'messages_fts_content',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
