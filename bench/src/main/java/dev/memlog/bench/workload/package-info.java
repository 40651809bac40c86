/** The synthetic, seeded workload: tenants, conversations with long-tailed messages, entities and relations. */
package dev.memlog.bench.workload;
