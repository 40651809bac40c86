/** The benchmark harness's command line and the phases of a run. */
package dev.memlog.bench;
