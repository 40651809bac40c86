/** When a record fails: the projector's Kafka Streams exception handlers, and partitions stuck on one record. */
package dev.memlog.projector.failure;
