package dev.memlog.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a fresh log directory the way {@code kafka-storage.sh format} does, and leaves a formatted one alone. */
final class StorageFormatter {

  private static final Logger LOGGER = LoggerFactory.getLogger(StorageFormatter.class);

  private StorageFormatter() {
  }

  static void formatIfNeeded(Path logDir) {
    if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
      LOGGER.atInfo().setMessage("Reusing formatted Kafka storage").addKeyValue("logDir", logDir).log();
      return;
    }
    var clusterId = Uuid.randomUuid().toString();
    var output = new ByteArrayOutputStream();
    try (var printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(BrokerProperties.NODE_ID)
          .setClusterId(clusterId)
          .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toString())
          .addDirectory(logDir.toString())
          .setHasDynamicQuorum(false)
          .run();
    } catch (Exception e) {
      throw new BrokerStartException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
    LOGGER.atInfo().setMessage("Formatted Kafka storage")
        .addKeyValue("logDir", logDir)
        .addKeyValue("clusterId", clusterId)
        .log();
    LOGGER.atDebug().setMessage("Kafka storage formatter output")
        .addKeyValue("output", output.toString(StandardCharsets.UTF_8).strip().replace('\n', ' '))
        .log();
  }
}
