-- Which FTS5 table indexes a tenant's messages in a shard (V7__fts_index_per_large_tenant.sql): FtsTable.

-- name: own-table-of-tenant
SELECT table_no FROM fts_tables WHERE tenant = ?;

-- name: own-tables
SELECT table_no FROM fts_tables ORDER BY table_no;
