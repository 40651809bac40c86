package dev.memlog.node;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a PromQL parser: it drops what cannot name a metric (strings,
 * label matchers, ranges, grouping clauses, functions, keywords), which is enough for the expressions of
 * memlog's alert rules; promtool, where installed, checks their syntax.
 */
final class PromQl {

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN");

  private PromQl() {}

  static Set<String> metricNames(String expression) {
    var text = STRINGS.matcher(expression).replaceAll(" ");
    text = MATCHERS_AND_RANGES.matcher(text).replaceAll(" ");
    text = GROUPING.matcher(text).replaceAll(" ");
    var names = new LinkedHashSet<String>();
    var matcher = IDENTIFIER.matcher(text);
    while (matcher.find()) {
      var name = matcher.group(1);
      if (matcher.group(2) == null && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
