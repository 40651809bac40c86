package dev.memlog.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording's execution samples: by self time (the top frame) and inclusive (anywhere
 * on the stack), as shares of all samples, so the report can say where the node's CPU went.
 */
public final class ProfileSummary {

  private ProfileSummary() {}

  public static List<String> of(Path recording, int top) {
    var self = new HashMap<String, Integer>();
    var inclusive = new HashMap<String, Integer>();
    var threads = new HashMap<String, Integer>();
    int samples = 0;
    try (var file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        var event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        samples++;
        var frames = event.getStackTrace().getFrames();
        if (!frames.isEmpty()) {
          self.merge(name(frames.get(0)), 1, Integer::sum);
        }
        var seen = new HashSet<String>();
        for (var frame : frames) {
          if (seen.add(name(frame))) {
            inclusive.merge(name(frame), 1, Integer::sum);
          }
        }
        var thread = event.getThread("sampledThread");
        threads.merge(thread == null ? "?" : thread.getJavaName().replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      }
    } catch (IOException e) {
      return List.of("profile unreadable: " + e.getMessage());
    }
    var lines = new ArrayList<String>();
    lines.add(samples + " execution samples");
    section(lines, "threads", threads, samples, 8);
    section(lines, "self (top frame)", self, samples, top);
    section(lines, "inclusive (on the stack)", inclusive, samples, top);
    return lines;
  }

  private static void section(List<String> lines, String title, Map<String, Integer> counts, int samples, int top) {
    lines.add("-- " + title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
        .forEach(e -> lines.add(String.format(Locale.ROOT, "%5.1f%%  %s", 100.0 * e.getValue() / samples,
            e.getKey())));
  }

  private static String name(RecordedFrame frame) {
    var method = frame.getMethod();
    return method.getType().getName() + "." + method.getName();
  }
}
