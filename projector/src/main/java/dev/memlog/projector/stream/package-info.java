/** The Kafka Streams topology that projects the events topic into SQLite and the RocksDB stores. */
package dev.memlog.projector.stream;
