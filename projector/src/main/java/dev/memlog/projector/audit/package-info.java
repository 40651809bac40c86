/** Proof that two read models hold the same memory: a content checksum of the SQLite rows and FTS index. */
package dev.memlog.projector.audit;
