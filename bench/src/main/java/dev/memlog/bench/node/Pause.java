package dev.memlog.bench.node;

/** Sleeps, turning an interrupt into an exception after restoring the flag. */
public final class Pause {

  private Pause() {}

  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
