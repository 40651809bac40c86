-- FTS5's secure-delete option triples the cost of every insert into the index, yet only matters when index rows
-- are deleted. It is off from here on; the writer switches it on inside each transaction that deletes index rows
-- (a forgetting, a redaction, an edit) and off again before that transaction commits (FtsIndex), so forgotten
-- words still leave the index itself.
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 0);
