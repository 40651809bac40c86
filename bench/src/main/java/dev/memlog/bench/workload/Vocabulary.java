package dev.memlog.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Words with Zipf frequencies: a few English stop words first (the search drops them), then made-up pronounceable
 * words, so that search terms range from very common to rare, as in natural text.
 */
public final class Vocabulary {

  private static final List<String> STOP_WORDS = List.of("the", "and", "to", "of", "a", "is", "in", "my", "for",
      "it", "you", "that", "on", "with", "can", "this", "be", "are", "not", "have");
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "du", "ba",
      "ge", "ho", "ji", "ku", "ma", "no", "ri", "se", "tu"};

  private final List<String> words;
  private final Zipf zipf;

  public Vocabulary(int size, double exponent) {
    var list = new ArrayList<String>(size);
    list.addAll(STOP_WORDS.subList(0, Math.min(size, STOP_WORDS.size())));
    for (int i = 0; list.size() < size; i++) {
      list.add(madeUp(i));
    }
    this.words = List.copyOf(list);
    this.zipf = new Zipf(size, exponent);
  }

  /** The word of rank {@code rank} (0 = most frequent). */
  public String word(int rank) {
    return words.get(rank);
  }

  /** A word drawn by frequency. */
  public String next(Random random) {
    return words.get(zipf.next(random));
  }

  /** {@code count} words drawn by frequency, separated by spaces. */
  public String text(Random random, int count) {
    var text = new StringBuilder(count * 6);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        text.append(i % 12 == 0 ? ". " : " ");
      }
      text.append(next(random));
    }
    return text.toString();
  }

  public int size() {
    return words.size();
  }

  /** The i-th made-up word: i + 20 written in base 20 with syllables as digits (at least two syllables). */
  static String madeUp(int i) {
    var word = new StringBuilder();
    for (int n = i + SYLLABLES.length; n > 0; n /= SYLLABLES.length) {
      word.insert(0, SYLLABLES[n % SYLLABLES.length]);
    }
    return word.toString();
  }
}
