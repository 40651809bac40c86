package dev.memlog.bench.quality;

/** One hit of a question's ranking: the message id and the score the search gave it. */
public record RankedHit(String messageId, double score) {}
