package dev.memlog.broker;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a {@link KafkaRaftServer} on a formatted log directory and waits until it serves clients. */
final class RaftServerLauncher {

  private static final Logger LOGGER = LoggerFactory.getLogger(RaftServerLauncher.class);
  private static final int MAX_ATTEMPTS = 3;

  private RaftServerLauncher() {
  }

  static RunningServer launch(BrokerConfig config, Path logDir, long deadlineNanos) {
    for (var attempt = 1; ; attempt++) {
      try {
        return launchOnce(config, logDir, deadlineNanos);
      } catch (BrokerStartException e) {
        // a port picked free a moment ago can be taken by another process before Kafka binds it
        if (attempt == MAX_ATTEMPTS || !causedByBindFailure(e)) {
          throw e;
        }
        LOGGER.atWarn().setMessage("Kafka broker could not bind its ports, retrying with other ports")
            .addKeyValue("attempt", attempt)
            .addKeyValue("reason", e.getMessage())
            .log();
      }
    }
  }

  private static RunningServer launchOnce(BrokerConfig config, Path logDir, long deadlineNanos) {
    var clientPort = config.port() == 0 ? LocalPorts.pickFree() : config.port();
    var controllerPort = pickOtherThan(clientPort);
    var running = new RunningServer(
        create(BrokerProperties.of(logDir, clientPort, controllerPort, config.defaultPartitions())),
        LocalPorts.HOST + ":" + clientPort);
    try {
      running.server().startup();
      BrokerReadiness.await(running.bootstrapServers(), Duration.ofNanos(deadlineNanos - System.nanoTime()));
      return running;
    } catch (RuntimeException e) {
      stopAfterFailure(running, e);
      if (e instanceof BrokerStartException startFailure) {
        throw startFailure;
      }
      throw new BrokerStartException("Kafka broker on " + running.bootstrapServers() + " with its log in "
          + logDir + " failed to start: " + e.getMessage(), e);
    }
  }

  private static KafkaRaftServer create(Properties properties) {
    try {
      return new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
    } catch (RuntimeException e) {
      throw new BrokerStartException("Cannot set up the Kafka broker: " + e.getMessage(), e);
    }
  }

  private static int pickOtherThan(int port) {
    var picked = LocalPorts.pickFree();
    return picked == port ? LocalPorts.pickFree() : picked;
  }

  private static boolean causedByBindFailure(Throwable error) {
    for (var cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void stopAfterFailure(RunningServer running, RuntimeException failure) {
    try {
      running.stop();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
