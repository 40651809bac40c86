package dev.memlog.bench.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.memlog.ingest.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A judged search collection in the layout of {@code ../shared/eval/locomo-dev}: {@code events.jsonl} (the memory,
 * one event a line, one tenant), {@code queries.tsv} ({@code QID TAB conversationId TAB category TAB question})
 * and {@code qrels.trec} ({@code QID 0 messageId GAIN}). The data stays where it is; it is never copied.
 *
 * @param eventLines the events, as JSON lines
 * @param queries the questions, in file order
 * @param judgments each question's relevant message ids and their gains (gain > 0 only)
 */
public record JudgedCollection(List<String> eventLines, List<JudgedQuery> queries,
    Map<String, Map<String, Integer>> judgments) {

  public JudgedCollection {
    eventLines = List.copyOf(eventLines);
    queries = List.copyOf(queries);
    judgments = Map.copyOf(judgments);
  }

  /**
   * Reads the collection in {@code dir}.
   *
   * @throws IllegalArgumentException if a file is missing, naming it
   */
  public static JudgedCollection load(Path dir) {
    var events = lines(dir, "events.jsonl").stream().filter(l -> !l.isBlank()).toList();
    var queries = lines(dir, "queries.tsv").stream().filter(l -> !l.isBlank()).map(line -> {
      var fields = line.split("\t", 4);
      return new JudgedQuery(fields[0], fields[1], fields[2], fields[3]);
    }).toList();
    var judgments = new HashMap<String, Map<String, Integer>>();
    for (var line : lines(dir, "qrels.trec")) {
      var fields = line.trim().split("\\s+");
      if (fields.length == 4 && Integer.parseInt(fields[3]) > 0) {
        judgments.computeIfAbsent(fields[0], q -> new LinkedHashMap<>()).put(fields[2], Integer.parseInt(fields[3]));
      }
    }
    return new JudgedCollection(events, queries, judgments);
  }

  /** The part of the collection about these conversations: their events, questions and judgments. */
  public JudgedCollection slice(Set<String> conversationIds) {
    var events = eventLines.stream().filter(l -> conversationIds.contains(conversationOf(l))).toList();
    var kept = queries.stream().filter(q -> conversationIds.contains(q.conversationId())).toList();
    var judged = new HashMap<String, Map<String, Integer>>();
    kept.stream().filter(q -> judgments.containsKey(q.id())).forEach(q -> judged.put(q.id(), judgments.get(q.id())));
    return new JudgedCollection(events, kept, judged);
  }

  private static List<String> lines(Path dir, String name) {
    var file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("the judged collection has no " + file.toAbsolutePath()
          + " (expected ../shared/eval/locomo-dev next to the project, or the directory given)");
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The tenant of the collection's memory (of its first event). */
  public String tenant() {
    return field(eventLines.get(0), "tenant");
  }

  private static String conversationOf(String eventLine) {
    return field(eventLine, "conversationId");
  }

  private static String field(String eventLine, String name) {
    try {
      return EventCodec.mapper().readTree(eventLine).path(name).asText(null);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an event of the judged collection is not JSON: " + eventLine, e);
    }
  }
}
