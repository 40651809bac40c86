/** The nodes of one memory: where each partition's shard is served, and reading the shards of other nodes. */
package dev.memlog.cluster;
