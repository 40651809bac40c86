package dev.memlog.broker;

import kafka.server.KafkaRaftServer;

/** A started Kafka node and the address its clients connect to. */
record RunningServer(KafkaRaftServer server, String bootstrapServers) {

  /** Shuts the node down and waits until its shutdown is complete (its threads end a moment later). */
  void stop() {
    server.shutdown();
    server.awaitShutdown();
  }
}
