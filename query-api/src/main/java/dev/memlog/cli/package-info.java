/** The memlog command line: node, demo and import. */
package dev.memlog.cli;
