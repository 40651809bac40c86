package dev.memlog.projector.read;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A user's search text turned into a safe FTS5 expression. Words become quoted terms, {@code "a phrase"} stays a
 * phrase, {@code word*} is a prefix; every other character (FTS5 operators, columns, parentheses) is dropped, so
 * no input can be a syntax error. In {@link Mode#ANY} a message matching some of the words is found and bm25
 * ranks the ones that match more of them, and rarer ones, first; common English words are left out unless the
 * question has nothing else. In {@link Mode#ALL} every term must match.
 *
 * @param expression the FTS5 MATCH expression
 * @param terms the terms and phrases searched for, as the user will want to see them
 * @param words every word of the text, lower-cased, stop words included
 * @param time the months and years the text names
 * @param mode how the terms combine
 * @param ranking how the matches are ranked
 */
public record SearchQuery(String expression, List<String> terms, Set<String> words, NamedTime time, Mode mode,
    Ranking ranking) {

  /** How the terms of a query combine. */
  public enum Mode {
    ANY,
    ALL
  }

  /** How matches are ranked. */
  public enum Ranking {
    /** bm25, and each match read in its conversation: see ContextRanking. The default. */
    CONTEXT,
    /** bm25 of each message alone, as before ranking read the context. */
    BM25
  }

  public SearchQuery {
    terms = List.copyOf(terms);
    words = Set.copyOf(words);
  }

  /** The same query ranked another way. */
  public SearchQuery rankedBy(Ranking other) {
    return new SearchQuery(expression, terms, words, time, mode, other);
  }

  /** The most terms a query may have; the rest are ignored. */
  public static final int MAX_TERMS = 32;

  private static final Pattern PHRASE = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(\\*)?");
  private static final Set<String> STOPWORDS = Set.of(
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "did", "do", "does", "for", "from", "had", "has",
      "have", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the",
      "their", "them", "there", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
      "who", "why", "will", "with", "you", "your", "about", "above", "after", "again", "against", "all", "am", "any",
      "because", "been", "before", "being", "below", "between", "both", "can", "could", "doing", "down", "during",
      "each", "few", "further", "he", "her", "here", "hers", "herself", "him", "himself", "his", "if", "into",
      "itself", "just", "more", "most", "no", "nor", "not", "now", "only", "other", "ought", "ours", "ourselves",
      "out", "over", "own", "same", "she", "should", "some", "such", "than", "then", "these", "those", "through",
      "too", "under", "until", "up", "very", "whom", "would", "yours", "yourself", "yourselves", "one", "ever",
      "much", "many", "kind", "type", "sort", "likely", "something", "anything", "someone", "things", "thing");

  /**
   * Parses search text.
   *
   * @throws IllegalArgumentException if the text has no word to search for
   */
  public static SearchQuery parse(String text, Mode mode) {
    var phrases = new ArrayList<String>();
    var matcher = PHRASE.matcher(text);
    var rest = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      rest.append(text, last, matcher.start()).append(' ');
      var words = words(matcher.group(1)).stream().map(w -> w.replace("*", "")).toList();
      if (!words.isEmpty()) {
        phrases.add(String.join(" ", words));
      }
      last = matcher.end();
    }
    rest.append(text.substring(last).replace('"', ' '));
    var words = words(rest.toString());
    var kept = new LinkedHashSet<String>(phrases.stream().map(p -> "\"" + p + "\"").toList());
    words.stream().filter(w -> mode == Mode.ALL || !STOPWORDS.contains(w)).forEach(kept::add);
    if (kept.isEmpty()) {
      kept.addAll(words);
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("the search text has no word to search for");
    }
    var terms = kept.stream().limit(MAX_TERMS).toList();
    var expression = String.join(mode == Mode.ALL ? " AND " : " OR ", terms.stream().map(SearchQuery::fts).toList());
    var allWords = new LinkedHashSet<String>();
    words(text).forEach(w -> allWords.add(w.replace("*", "")));
    return new SearchQuery(expression, terms, allWords, NamedTime.in(text), mode, Ranking.CONTEXT);
  }

  private static List<String> words(String text) {
    var words = new ArrayList<String>();
    var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
  }

  private static String fts(String term) {
    if (term.startsWith("\"")) {
      return term;
    }
    return term.endsWith("*") ? "\"" + term.substring(0, term.length() - 1) + "\"*" : "\"" + term + "\"";
  }
}
