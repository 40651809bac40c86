/** The Java client that reads a tenant's memory over a node's HTTP API: {@link dev.memlog.ingest.read.MemlogReader}. */
package dev.memlog.ingest.read;
