/** The Java client that publishes memlog events to Kafka, and the topics it writes to. */
package dev.memlog.ingest.client;
