package dev.memlog.bench.quality;

/** A judged question: its id, the conversation it is asked about, its category, and its text. */
public record JudgedQuery(String id, String conversationId, String category, String text) {}
