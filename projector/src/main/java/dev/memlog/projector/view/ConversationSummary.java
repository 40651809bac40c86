package dev.memlog.projector.view;

import java.time.Instant;
import java.util.List;

/**
 * A conversation and its latest messages, newest first: what the conversation-summaries RocksDB store holds.
 * {@code title}, {@code agentId}, {@code runtime} and {@code startedAt} are null until its start event is applied.
 */
public record ConversationSummary(
    String tenant,
    String conversationId,
    String title,
    String agentId,
    String runtime,
    Instant startedAt,
    long messageCount,
    Instant lastMessageAt,
    List<MessageView> latestMessages) {}
