package dev.memlog.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds and checks TCP ports on the loopback address the broker binds to. */
final class LocalPorts {

  static final String HOST = "127.0.0.1";

  private LocalPorts() {
  }

  /** A port that was free a moment ago; another process may still take it before Kafka binds it. */
  static int pickFree() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BrokerStartException("Cannot find a free port on " + HOST + ": " + e.getMessage(), e);
    }
  }

  /** Fails with a clear message when {@code port} cannot be bound on the loopback address. */
  static void requireFree(int port) {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
    } catch (IOException e) {
      throw new BrokerStartException(
          "Port " + port + " on " + HOST + " is not available for the Kafka broker: " + e.getMessage(), e);
    }
  }
}
