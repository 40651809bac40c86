package dev.memlog.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Consumer;

/**
 * The registry /metrics exposes, named by Micrometer's Prometheus naming alone: memlog's meters, the JVM's and the
 * process's (start time, uptime, open files) from Micrometer's binders, and {@code memlog_build_info}. Every timer
 * and distribution summary is a histogram: a summary cannot be aggregated over nodes.
 */
final class NodeMeters {

  private NodeMeters() {}

  /** A registry with the JVM and process binders bound; {@code owner} closes what must be closed. */
  static PrometheusMeterRegistry create(String version, Consumer<AutoCloseable> owner) {
    var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    owner.accept(meters::close);
    meters.config().meterFilter(histogramsOnly());
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    var gc = new JvmGcMetrics();
    owner.accept(gc);
    gc.bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new JvmCompilationMetrics().bindTo(meters);
    new JvmInfoMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    new FileDescriptorMetrics().bindTo(meters);
    Gauge.builder("memlog.build.info", () -> 1).tag("version", version)
        .description("the memlog build this node runs; always 1").strongReference(true).register(meters);
    return meters;
  }

  /** The version in the jar's manifest, or "development" when run from classes. */
  static String version() {
    var version = NodeMeters.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /** Gives every timer and distribution summary that has no buckets of its own Micrometer's default buckets. */
  static MeterFilter histogramsOnly() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        var distribution = id.getType() == Meter.Type.TIMER || id.getType() == Meter.Type.DISTRIBUTION_SUMMARY;
        var slos = config.getServiceLevelObjectiveBoundaries();
        if (!distribution || config.isPercentileHistogram() == Boolean.TRUE || slos != null && slos.length > 0) {
          return config;
        }
        return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
      }
    };
  }
}
