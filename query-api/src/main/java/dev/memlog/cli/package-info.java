/** The memlog command line: node, demo, import, rebuild, checksum and dlq. */
package dev.memlog.cli;
