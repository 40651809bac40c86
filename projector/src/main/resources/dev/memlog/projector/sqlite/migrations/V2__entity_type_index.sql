-- Entity lookups by type (GET /v1/tenants/{tenant}/entities?type=...).
CREATE INDEX entities_by_type ON entities (tenant, entity_type, name COLLATE NOCASE);
