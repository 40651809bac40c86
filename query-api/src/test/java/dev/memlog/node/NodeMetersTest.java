package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeMetersTest {

  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (var resource : owned) {
      resource.close();
    }
  }

  @Test
  void shouldExposeJvmAndProcessMetricsUnderMicrometersStandardPrometheusNames() {
    var meters = NodeMeters.create("1.2.3", owned::add);

    var text = meters.scrape();

    assertThat(text).contains("memlog_build_info{version=\"1.2.3\"} 1")
        .contains("# TYPE process_start_time_seconds gauge", "# TYPE process_uptime_seconds gauge",
            "# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_threads_live_threads gauge",
            "# TYPE jvm_buffer_count_buffers gauge", "# TYPE jvm_classes_loaded_classes gauge",
            "# TYPE process_cpu_usage gauge", "jvm_info{", "# TYPE jvm_compilation_time_ms_total counter");
    if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      assertThat(text).contains("# TYPE process_files_open_files gauge", "# TYPE process_files_max_files gauge");
    }
  }

  @Test
  void shouldExposeEveryTimerAndDistributionSummaryAsAHistogramNeverASummary() {
    var meters = NodeMeters.create("1.2.3", owned::add);
    Timer.builder("memlog.test.plain").description("a timer that asked for no buckets").register(meters)
        .record(Duration.ofMillis(3));
    DistributionSummary.builder("memlog.test.sizes").description("sizes").register(meters).record(7);
    Timer.builder("memlog.test.slo").description("a timer with buckets of its own")
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofSeconds(1)).register(meters)
        .record(Duration.ofMillis(3));

    var text = meters.scrape();

    assertThat(text).contains("# TYPE memlog_test_plain_seconds histogram", "# TYPE memlog_test_sizes histogram",
            "memlog_test_slo_seconds_bucket{le=\"0.01\"} 1", "memlog_test_slo_seconds_bucket{le=\"1.0\"} 1")
        .doesNotContain(" summary\n");
    assertThat(text.lines().filter(line -> line.startsWith("memlog_test_slo_seconds_bucket"))).hasSize(3);
  }

  @Test
  void shouldKeepAMeterWithoutDescription() {
    var meters = NodeMeters.create("1.2.3", owned::add);
    Gauge.builder("kafka.node.request.latency.avg", () -> 1).register(meters);

    assertThat(meters.scrape()).contains("kafka_node_request_latency_avg 1");
  }
}
