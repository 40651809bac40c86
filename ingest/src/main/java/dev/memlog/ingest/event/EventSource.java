package dev.memlog.ingest.event;

import java.util.Objects;

/**
 * Where an event came from.
 *
 * @param agentId the agent that produced it, never null
 * @param runtime the agent runtime or framework, may be null
 */
public record EventSource(String agentId, String runtime) {
  public EventSource {
    Objects.requireNonNull(agentId, "agentId");
  }
}
