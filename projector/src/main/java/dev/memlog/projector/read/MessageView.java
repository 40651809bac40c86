package dev.memlog.projector.read;

import java.time.Instant;

/** One message as served to readers; {@code content} is null when the message was redacted. */
public record MessageView(
    String messageId, String role, String agentId, String content, Instant occurredAt, boolean redacted) {}
