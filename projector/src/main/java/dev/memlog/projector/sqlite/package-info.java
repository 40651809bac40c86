/** The SQLite read model: schema migrations, named SQL statements, and the batched projection writer. */
package dev.memlog.projector.sqlite;
