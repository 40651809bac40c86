/** An in-process, single-node KRaft Kafka broker that keeps its log on disk. */
package dev.memlog.broker;
