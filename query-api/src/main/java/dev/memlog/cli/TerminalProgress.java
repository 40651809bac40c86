package dev.memlog.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar drawn only when the command runs on a terminal. Piped or redirected, its output is a log that
 * others read, and a bar redrawn with carriage returns would be mixed into the log lines; there it draws nothing.
 */
final class TerminalProgress implements AutoCloseable {

  private final ProgressBar bar;

  private TerminalProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar of {@code max} steps on a terminal (System.console() is null when stdin or stdout is not one). */
  static TerminalProgress of(String task, long max, String unit) {
    return System.console() == null ? new TerminalProgress(null)
        : new TerminalProgress(ProgressBar.builder().setTaskName(task).setInitialMax(max)
            .setStyle(ProgressBarStyle.ASCII).setUnit(unit, 1).showSpeed().setUpdateIntervalMillis(250).build());
  }

  void stepTo(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
