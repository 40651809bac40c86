package dev.memlog.node;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps /metrics acceptable to {@code promtool check metrics} whatever other libraries (Kafka clients, JVM
 * binders) register: a gauge named {@code *.count} is renamed, and meters counted in nanoseconds or
 * milliseconds (Prometheus wants seconds) or without help text are left out.
 */
final class PrometheusNames implements MeterFilter {

  private static final Pattern SUB_SECOND_UNIT = Pattern.compile("\\.(ns|ms)(\\.|$)");
  private static final Set<String> SUB_SECOND_BASE_UNITS = Set.of("ns", "ms", "nanoseconds", "milliseconds");

  @Override
  public Meter.Id map(Meter.Id id) {
    var name = id.getName();
    if (name.endsWith(".count") && id.getType() == Meter.Type.GAUGE) {
      return id.withName(name.substring(0, name.length() - ".count".length()) + "s");
    }
    return id;
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    var description = id.getDescription();
    if (description == null || description.isBlank()
        || SUB_SECOND_UNIT.matcher(id.getName()).find()
        || (id.getBaseUnit() != null && SUB_SECOND_BASE_UNITS.contains(id.getBaseUnit()))) {
      return MeterFilterReply.DENY;
    }
    return MeterFilterReply.NEUTRAL;
  }
}
