package dev.memlog.bench.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MemoryPartsTest {

  private static final String SCRAPE = """
      # HELP jvm_memory_committed_bytes The amount of memory in bytes that is committed for the Java virtual machine to use
      # TYPE jvm_memory_committed_bytes gauge
      jvm_memory_committed_bytes{area="heap",id="G1 Eden Space"} 1.048576E8
      jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 2.097152E8
      jvm_memory_committed_bytes{area="nonheap",id="Metaspace"} 5.24288E7
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 1.048576E8
      jvm_memory_used_bytes_other{area="heap"} 9.9E9
      jvm_buffer_memory_used_bytes{id="direct"} 4194304.0
      jvm_buffer_memory_used_bytes{id="mapped"} 1.0E9
      kafka_stream_state_size_all_mem_tables{rocksdb_state_id="summaries",task_id="0_0"} 1048576.0
      kafka_stream_state_size_all_mem_tables{rocksdb_state_id="summaries",task_id="0_1"} 2097152.0
      """;

  @Test
  void shouldSumEachPartOverItsSamplesAndLeaveTheRestToTheRss() {
    var parts = MemoryParts.of(SCRAPE, new ProcessMemory(700, 800));

    assertThat(parts.heapCommittedMib()).isEqualTo(300.0);
    assertThat(parts.heapUsedMib()).as("a longer metric name is another metric").isEqualTo(100.0);
    assertThat(parts.nonHeapCommittedMib()).isEqualTo(50.0);
    assertThat(parts.directMib()).as("mapped buffers are not direct ones").isEqualTo(4.0);
    assertThat(parts.rocksDbMemTablesMib()).isEqualTo(3.0);
    assertThat(parts.rocksDbBlockCacheMib()).as("not reported").isNaN();
    assertThat(parts.rest()).isCloseTo(700 - 300 - 50 - 4 - 3, within(1e-9));
  }
}
