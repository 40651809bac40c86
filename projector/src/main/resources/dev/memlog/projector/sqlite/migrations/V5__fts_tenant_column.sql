-- The FTS index gets the tenant as a second column, one token per message ('t' and the hex of the tenant's UTF-8
-- bytes, so that the tokenizer keeps it whole). A search matches the tenant's token inside FTS5, which
-- intersects the two doclists, instead of looking up every match of every tenant in messages to drop the other
-- tenants' rows: on a 100k-event read model, 3-10x faster for common words.
--
-- messages_fts_content is the index as it should be: every appended, non-redacted message. The index reads it
-- (external content) for snippets and highlights, and the writer inserts and deletes index rows from it.
DROP TABLE messages_fts;

CREATE VIEW messages_fts_content AS
SELECT id, content, 't' || hex(tenant) AS tenant
FROM messages
WHERE role IS NOT NULL AND redacted = 0;

CREATE VIRTUAL TABLE messages_fts USING fts5(
  content,
  tenant,
  content = 'messages_fts_content',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
