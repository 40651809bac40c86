package dev.memlog.projector.audit;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The content checksum of a read model. Two read models projected from the same log have the same checksum,
 * whatever order and duplicates the events came in.
 *
 * @param total SHA-256 (hex) of the partition hashes in partition order
 * @param partitions SHA-256 (hex) of each partition's rows (every table, and the FTS tokens of its messages)
 * @param rows rows per table, and {@code fts_tokens}: tokens in the index (information, also in the hashes)
 * @param ftsMatchesContent whether the FTS index holds exactly the tokens of the appended, non-redacted content
 * @param ftsMismatchedPartitions the partitions whose index differs from their content (-1: tokens of no message)
 * @param appliedOffsets the last applied offset per {@code topic/partition}: where in the log this checksum is
 *     (information, not hashed)
 */
public record Checksum(
    String total,
    SortedMap<Integer, String> partitions,
    Map<String, Long> rows,
    boolean ftsMatchesContent,
    List<Integer> ftsMismatchedPartitions,
    Map<String, Long> appliedOffsets) {

  public Checksum {
    partitions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(partitions));
    rows = Map.copyOf(rows);
    ftsMismatchedPartitions = List.copyOf(ftsMismatchedPartitions);
    appliedOffsets = Map.copyOf(appliedOffsets);
  }
}
