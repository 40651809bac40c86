package dev.memlog.node;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.regex.Pattern;

/**
 * Renames the meters other libraries register (Kafka clients, JVM binders) so that /metrics passes
 * {@code promtool check metrics}: no abbreviated units ({@code .ns}, {@code .ms}), no {@code _count} suffix on a
 * gauge, and no meter without help text.
 */
final class PrometheusNames implements MeterFilter {

  private static final Pattern NANOS = Pattern.compile("\\.ns(\\.|$)");
  private static final Pattern MILLIS = Pattern.compile("\\.ms(\\.|$)");

  @Override
  public Meter.Id map(Meter.Id id) {
    var name = NANOS.matcher(id.getName()).replaceAll(".nanoseconds$1");
    name = MILLIS.matcher(name).replaceAll(".milliseconds$1");
    if (name.endsWith(".count") && id.getType() == Meter.Type.GAUGE) {
      name = name.substring(0, name.length() - ".count".length()) + "s";
    }
    return name.equals(id.getName()) ? id : id.withName(name);
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    var description = id.getDescription();
    return description == null || description.isBlank() ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }
}
