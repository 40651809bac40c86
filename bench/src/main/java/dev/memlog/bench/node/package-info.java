/** A memlog node run as a child JVM, so that its CPU time and memory are its own, and a small client of its API. */
package dev.memlog.bench.node;
