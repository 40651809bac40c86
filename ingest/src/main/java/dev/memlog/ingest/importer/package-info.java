/** Publishing events in bulk from JSON Lines files. */
package dev.memlog.ingest.importer;
