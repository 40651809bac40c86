package dev.memlog.projector.read;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The months and years a question names ("camping in June", "in May 2023"), so that the ranking can favour the
 * messages of that time. A month counts only when capitalized, as English writes it ("may" is a verb); a year is a
 * four-digit number from 1900 to 2099. Times are read in UTC.
 *
 * @param months the months named, 1-12
 * @param years the years named
 */
public record NamedTime(Set<Integer> months, Set<Integer> years) {

  /** A question that names no time. */
  public static final NamedTime NONE = new NamedTime(Set.of(), Set.of());

  private static final Pattern MONTH = Pattern.compile(
      "\\b(January|February|March|April|May|June|July|August|September|October|November|December)\\b");
  private static final Pattern YEAR = Pattern.compile("\\b(19|20)\\d\\d\\b");
  private static final java.util.List<String> MONTHS = java.util.List.of("January", "February", "March", "April",
      "May", "June", "July", "August", "September", "October", "November", "December");

  public NamedTime {
    months = Set.copyOf(months);
    years = Set.copyOf(years);
  }

  /** The months and years named in {@code text}. */
  public static NamedTime in(String text) {
    var months = new LinkedHashSet<Integer>();
    var month = MONTH.matcher(text);
    while (month.find()) {
      months.add(MONTHS.indexOf(month.group(1)) + 1);
    }
    var years = new LinkedHashSet<Integer>();
    var year = YEAR.matcher(text);
    while (year.find()) {
      years.add(Integer.parseInt(year.group()));
    }
    return new NamedTime(months, years);
  }

  /** Whether the question names no time. */
  public boolean isEmpty() {
    return months.isEmpty() && years.isEmpty();
  }

  /** Whether a message of that time is of a month and a year the question names (either, if it names one). */
  public boolean covers(Instant time) {
    if (isEmpty()) {
      return false;
    }
    var utc = time.atOffset(ZoneOffset.UTC);
    return (months.isEmpty() || months.contains(utc.getMonthValue()))
        && (years.isEmpty() || years.contains(utc.getYear()));
  }
}
