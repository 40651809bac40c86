package dev.memlog.ingest.importer;

import java.util.List;

/**
 * What an import did.
 *
 * @param published events acknowledged by Kafka
 * @param rejected lines that were not valid events, with their line numbers and reasons
 * @param blankLines empty lines skipped
 */
public record ImportReport(long published, List<RejectedLine> rejected, long blankLines) {

  /** A line that was not published, and why. */
  public record RejectedLine(long lineNumber, String reason) {}
}
