/** Publish-to-visible time at a steady publish rate, as a client that reads its own writes sees it. */
package dev.memlog.bench.freshness;
