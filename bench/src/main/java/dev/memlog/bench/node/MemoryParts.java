package dev.memlog.bench.node;

import java.util.regex.Pattern;

/**
 * Where a node's resident memory goes, in MiB: its RSS (from /proc) and the parts its {@code /metrics} name: the
 * JVM heap and non-heap memory committed, direct buffers, and RocksDB's memtables, block caches and table readers
 * (Kafka Streams' store metrics, summed over every store; NaN where the node does not report them). {@link #rest}
 * is what none of them accounts for: SQLite's page caches, thread stacks, the allocator, code.
 */
public record MemoryParts(double rssMib, double heapCommittedMib, double heapUsedMib, double nonHeapCommittedMib,
    double directMib, double rocksDbMemTablesMib, double rocksDbBlockCacheMib, double rocksDbTableReadersMib) {

  private static final double MIB = 1024.0 * 1024.0;

  /** The parts a scrape of {@code /metrics} (Prometheus text) names, and the process's RSS. */
  public static MemoryParts of(String metrics, ProcessMemory process) {
    return new MemoryParts(process.rssMib(),
        sum(metrics, "jvm_memory_committed_bytes", "area=\"heap\""),
        sum(metrics, "jvm_memory_used_bytes", "area=\"heap\""),
        sum(metrics, "jvm_memory_committed_bytes", "area=\"nonheap\""),
        sum(metrics, "jvm_buffer_memory_used_bytes", "id=\"direct\""),
        sum(metrics, "kafka_stream_state_size_all_mem_tables", ""),
        sum(metrics, "kafka_stream_state_block_cache_usage", ""),
        sum(metrics, "kafka_stream_state_estimate_table_readers_mem", ""));
  }

  /** The RSS none of the named parts accounts for. */
  public double rest() {
    return rssMib - heapCommittedMib - nonHeapCommittedMib - directMib - known(rocksDbMemTablesMib)
        - known(rocksDbBlockCacheMib) - known(rocksDbTableReadersMib);
  }

  private static double known(double mib) {
    return Double.isNaN(mib) ? 0 : mib;
  }

  /** The sum in MiB of the samples of {@code name} whose labels contain {@code label}; NaN if there are none. */
  private static double sum(String metrics, String name, String label) {
    var sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE)
        .matcher(metrics);
    double total = 0;
    boolean found = false;
    while (sample.find()) {
      var labels = sample.group(1) == null ? "" : sample.group(1);
      if (labels.contains(label)) {
        total += Double.parseDouble(sample.group(2));
        found = true;
      }
    }
    return found ? total / MIB : Double.NaN;
  }
}
