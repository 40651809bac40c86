package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

  @Test
  void shouldLeaveOutWhatPromtoolRefusesAndRenameCountGauges() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new PrometheusNames());

    Gauge.builder("kafka.producer.connection.count", () -> 3).description("open connections").register(registry);
    FunctionCounter.builder("kafka.producer.io.time.ns.total", this, x -> 1).description("io").register(registry);
    FunctionCounter.builder("process.cpu.time", this, x -> 1).baseUnit("ns").description("cpu").register(registry);
    Gauge.builder("kafka.node.request.latency.avg", () -> 1).register(registry);
    Gauge.builder("memlog.partition.lag", () -> 0).description("lag").register(registry);

    var text = registry.scrape();

    assertThat(text).contains("kafka_producer_connections 3.0", "memlog_partition_lag 0.0")
        .doesNotContain("_count 3", "io_time", "process_cpu_time", "request_latency");
  }
}
