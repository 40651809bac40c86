package dev.memlog.bench.load;

import dev.memlog.bench.workload.QueryTargets;
import dev.memlog.bench.workload.Vocabulary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The request paths of each measured route, drawn from data that exists: the trivial route (/health, the
 * server's ceiling), the hot lookup (RocksDB), a history page and entity neighbours (SQLite), and search (FTS5)
 * with two words drawn by frequency, so that queries range from very common to rare terms: over tenants as their
 * conversations are sampled (so larger tenants more often), over the largest tenant alone, whose searches read
 * the longest lists of matches, and over the smaller half of the tenants (by conversations), each as likely.
 */
public final class Routes {

  public static final String TRIVIAL = "trivial";
  public static final String HOT = "hot-lookup";
  public static final String HISTORY = "history-page";
  public static final String SEARCH = "search";
  public static final String SEARCH_LARGEST = "search-largest-tenant";
  public static final String SEARCH_SMALL = "search-small-tenants";
  public static final String NEIGHBOURS = "entity-neighbours";

  private Routes() {}

  /** Route name → paths, in the order the report shows them. */
  public static Map<String, List<String>> of(QueryTargets targets, Vocabulary vocabulary, int count, long seed) {
    var random = new Random(seed);
    var conversations = targets.conversations();
    var entities = targets.entities();
    var routes = new LinkedHashMap<String, List<String>>();
    routes.put(TRIVIAL, List.of("/health"));
    routes.put(HOT, paths(count, () -> {
      var c = conversations.get(random.nextInt(conversations.size()));
      return "/v1/tenants/" + c.tenant() + "/conversations/" + c.id();
    }));
    routes.put(HISTORY, paths(count, () -> {
      var c = conversations.get(random.nextInt(conversations.size()));
      return "/v1/tenants/" + c.tenant() + "/conversations/" + c.id() + "/messages?limit=50";
    }));
    routes.put(SEARCH, paths(count, () -> {
      var c = conversations.get(random.nextInt(conversations.size()));
      return searchPath(c.tenant(), vocabulary, random);
    }));
    var bySize = conversations.stream().collect(java.util.stream.Collectors.groupingBy(QueryTargets.Target::tenant,
        java.util.TreeMap::new, java.util.stream.Collectors.counting())).entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).toList();
    routes.put(SEARCH_LARGEST, paths(count, () -> searchPath(bySize.get(0), vocabulary, random)));
    var smallerHalf = bySize.subList(bySize.size() / 2, bySize.size());
    routes.put(SEARCH_SMALL, paths(count,
        () -> searchPath(smallerHalf.get(random.nextInt(smallerHalf.size())), vocabulary, random)));
    if (!entities.isEmpty()) {
      routes.put(NEIGHBOURS, paths(count, () -> {
        var e = entities.get(random.nextInt(entities.size()));
        return "/v1/tenants/" + e.tenant() + "/entities/" + e.id() + "/relations?limit=100";
      }));
    }
    return routes;
  }

  /** A search of two words in the tenant's memory, a page of 20. */
  private static String searchPath(String tenant, Vocabulary vocabulary, Random random) {
    return "/v1/tenants/" + tenant + "/search?limit=20&q="
        + URLEncoder.encode(searchWord(vocabulary, random) + " " + searchWord(vocabulary, random),
            StandardCharsets.UTF_8);
  }

  /** A word as people search: drawn by frequency, but never one of the stop words the search drops. */
  private static String searchWord(Vocabulary vocabulary, Random random) {
    String word;
    do {
      word = vocabulary.next(random);
    } while (word.length() < 4);
    return word;
  }

  private static List<String> paths(int count, java.util.function.Supplier<String> path) {
    var paths = new ArrayList<String>(count);
    for (int i = 0; i < count; i++) {
      paths.add(path.get());
    }
    return paths;
  }
}
