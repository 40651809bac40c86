package dev.memlog.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * The files a Dockerfile copies from its build context ({@code COPY} lines without {@code --from}), so that a test
 * can hold them to the repository and build the image from exactly those files.
 */
public final class DockerfileCopies {

  private DockerfileCopies() {}

  /** The sources of every {@code COPY} from the build context, relative to it, in the Dockerfile's order. */
  public static List<String> sources(String dockerfile) {
    var sources = new ArrayList<String>();
    for (var line : dockerfile.lines().map(String::strip).toList()) {
      if (!line.startsWith("COPY ") || line.contains("--from=")) {
        continue;
      }
      var words = List.of(line.substring("COPY ".length()).strip().split("\\s+"));
      if (words.size() < 2 || words.stream().anyMatch(word -> word.startsWith("--") || word.startsWith("["))) {
        throw new IllegalArgumentException("a COPY this check cannot read: " + line);
      }
      sources.addAll(words.subList(0, words.size() - 1));
    }
    return List.copyOf(sources);
  }
}
