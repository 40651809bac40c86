package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void shouldFindTheMetricsAnExpressionReadsAndNotItsFunctionsLabelsRangesOrKeywords() {
    var expression = """
        sum by (job, instance) (rate(memlog_http_server_errors_total{status=~"5..", route!="x y"}[5m]))
          / on (job) group_left sum without (le) (rate(memlog_http_requests_seconds_count[5m])) > 0.05
        and deriv((min by (partition) (memlog_partition_lag))[15m:1m]) > 1e3
        unless memlog_ready offset 5m == bool 0
        """;

    assertThat(PromQl.metricNames(expression)).containsExactly("memlog_http_server_errors_total",
        "memlog_http_requests_seconds_count", "memlog_partition_lag", "memlog_ready");
  }
}
