/** How fresh the read model is, per partition of the events topic: applied offsets, end offsets and lag. */
package dev.memlog.freshness;
