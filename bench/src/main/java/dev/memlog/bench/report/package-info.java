/** The report: results, medians with their spread, ratios to the ceilings, Markdown tables and plots. */
package dev.memlog.bench.report;
