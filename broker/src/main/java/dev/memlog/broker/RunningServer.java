package dev.memlog.broker;

import kafka.server.KafkaRaftServer;

/** A started Kafka node and the address its clients connect to. */
record RunningServer(KafkaRaftServer server, String bootstrapServers) {

  /** Shuts the node down and waits until its threads have ended. */
  void stop() {
    server.shutdown();
    server.awaitShutdown();
  }
}
