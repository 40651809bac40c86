package dev.memlog.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Finds text that no UTF-8 can carry: a lone UTF-16 surrogate (U+D800 to U+DFFF without its pair), which a JSON
 * escape can write but which would be stored as {@code ?}. An event with one is refused, not silently changed.
 */
final class LoneSurrogates {

  private LoneSurrogates() {}

  /** The JSON path of the first field name or text value holding a lone surrogate, if any. */
  static Optional<String> find(JsonNode tree) {
    return find(tree, "$");
  }

  private static Optional<String> find(JsonNode node, String path) {
    if (node.isTextual()) {
      return hasLoneSurrogate(node.textValue()) ? Optional.of(path) : Optional.empty();
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        var found = find(node.get(i), path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
    }
    for (var fields = node.fields(); node.isObject() && fields.hasNext(); ) {
      var field = fields.next();
      var at = path + "." + field.getKey();
      var found = hasLoneSurrogate(field.getKey()) ? Optional.of(at) : find(field.getValue(), at);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
