package dev.memlog.node;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (nodes, brokers, publishers), closed in reverse order by JUnit's {@code @AutoClose}. */
final class Resources implements AutoCloseable {

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Keeps {@code resource} to close after the test, and returns it. */
  <T extends AutoCloseable> T add(T resource) {
    opened.add(resource);
    return resource;
  }

  /**
   * Keeps {@code resource} to close after everything opened so far, and returns it: a broker started again under
   * nodes that were opened before it, which must stop before it does (a node stopping without its broker waits
   * for Kafka Streams' close timeout to commit its offsets, and its threads outlive the test).
   */
  <T extends AutoCloseable> T addBeneath(T resource) {
    opened.add(0, resource);
    return resource;
  }

  /** Forgets {@code resource}: the test closed it itself. */
  void remove(AutoCloseable resource) {
    opened.remove(resource);
  }

  /** What was opened so far, in order. */
  List<AutoCloseable> all() {
    return List.copyOf(opened);
  }

  @Override
  public void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }
}
