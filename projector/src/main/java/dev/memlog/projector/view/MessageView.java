package dev.memlog.projector.view;

import dev.memlog.ingest.event.Attachment;
import java.time.Instant;
import java.util.List;

/**
 * One message as served to readers; {@code content} is null when the message was redacted, {@code tokenCount}
 * when the runtime did not count them (every message.appended.v1 event).
 */
public record MessageView(
    String messageId, String role, String agentId, String content, Instant occurredAt, boolean redacted,
    Integer tokenCount, List<Attachment> attachments) {}
