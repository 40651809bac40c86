-- A tenant with many messages in a shard gets an FTS5 index of its own. bm25 reads every query term's whole
-- doclist in the index it runs on, and a match narrowed to the tenant's token (V5) still reads every other
-- tenant's entries: on a shard of 130,714 messages of 100 tenants, the best 200 matches of the largest tenant
-- (16,241 messages) took 2.7 ms in the shared index and 1.2 ms in an index of its own, and small tenants gain
-- more (4-6x), as their share of the shared index grows. A table per tenant for every tenant would make the
-- schema grow with the tenants, so only the large ones move out.
--
-- The writer moves a tenant's rows from messages_fts to messages_fts_<table_no> in the transaction of the
-- message that brings its indexed messages in the shard to the threshold (FtsIndex), and never back: a replay
-- of the same log moves the same tenants at the same events, in the same order of table_no. The own index has
-- the same columns as the shared one (the tenant column holds one token for all its rows), so that the writer's
-- statements, the checksum and the search differ only in the table's name (FtsTables).
CREATE TABLE fts_tables (
  tenant   TEXT    PRIMARY KEY,
  table_no INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;
