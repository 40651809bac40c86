package dev.memlog.node;

/**
 * What the tests that start containers share: they run only when asked for ({@code -Pcontainers}, which sets
 * the system property {@value #PROPERTY} to true; set it yourself to run one from an IDE), and skip with this
 * reason otherwise; where they run, Testcontainers skips them when no Docker engine answers.
 */
final class ContainerTests {

  static final String PROPERTY = "memlog.containers";

  static final String NOT_ASKED = "container tests run only with -Pcontainers and a Docker engine "
      + "(mvn -B -ntp verify -Pcontainers); skipped";

  private ContainerTests() {}
}
