package dev.memlog.projector.read;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What one request read, and how far behind a standby it accepts: for each partition read, the node that served
 * it, whether that was a standby, and the offset its shard had applied when it answered. Answers name them in
 * their freshness. A request's reads run on its own thread, so the scope is the thread's: the HTTP API opens one
 * before each request; reads outside a scope accept any standby and record nothing.
 */
public final class ReadScope {

  private static final ThreadLocal<ReadScope> CURRENT = new ThreadLocal<>();
  private static final ReadScope NONE = new ReadScope(OptionalLong.empty(), false);

  private final OptionalLong maxStandbyLag;
  private final boolean records;
  private final Map<Integer, Served> served = new TreeMap<>();

  private ReadScope(OptionalLong maxStandbyLag, boolean records) {
    this.maxStandbyLag = maxStandbyLag;
    this.records = records;
  }

  /** Opens the scope of a request on this thread, replacing any earlier one. */
  public static ReadScope open(OptionalLong maxStandbyLag) {
    if (maxStandbyLag.isPresent() && maxStandbyLag.getAsLong() < 0) {
      throw new IllegalArgumentException("maxStandbyLag must not be negative, got " + maxStandbyLag.getAsLong());
    }
    var scope = new ReadScope(maxStandbyLag, true);
    CURRENT.set(scope);
    return scope;
  }

  /** Ends the request's scope on this thread. */
  public static void close() {
    CURRENT.remove();
  }

  /** The scope of the request on this thread (one that records nothing when none is open). */
  public static ReadScope current() {
    var scope = CURRENT.get();
    return scope == null ? NONE : scope;
  }

  /** The most records a standby may be behind to answer; empty when any standby may. */
  public OptionalLong maxStandbyLag() {
    return maxStandbyLag;
  }

  /**
   * Fails if a standby {@code lag} records behind may not answer this request.
   *
   * @throws ReadUnavailableException if the lag is above the request's bound
   */
  public void acceptStandby(int partition, String node, long lag) {
    if (maxStandbyLag.isPresent() && lag > maxStandbyLag.getAsLong()) {
      throw new ReadUnavailableException("the standby of partition " + partition + " on " + node + " is " + lag
          + " records behind, more than maxStandbyLag " + maxStandbyLag.getAsLong());
    }
  }

  /** The partition was read from {@code served}. */
  public void served(int partition, Served served) {
    if (records) {
      this.served.put(partition, served);
    }
  }

  /** Where the partition was read, if it was in this scope. */
  public Optional<Served> servedBy(int partition) {
    return Optional.ofNullable(served.get(partition));
  }

  /**
   * A shard that answered.
   *
   * @param node the {@code host:port} of the node that holds it
   * @param standby whether it is a standby replica (the active one could not answer)
   * @param appliedOffset the last offset its shard had applied, -1 before the first
   */
  public record Served(String node, boolean standby, long appliedOffset) {}
}
