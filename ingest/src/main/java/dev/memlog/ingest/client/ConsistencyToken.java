package dev.memlog.ingest.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The offsets a client wrote, per partition of the events topic, as an opaque string. A query that passes it
 * ({@code ?after=TOKEN}) is answered once the read model has applied those offsets: the client reads its own
 * writes. Tokens of several writes merge by keeping the highest offset of each partition.
 *
 * @param offsets the highest offset written, by partition
 */
public record ConsistencyToken(Map<Integer, Long> offsets) {

  public ConsistencyToken {
    offsets = Map.copyOf(offsets);
  }

  /** The token of everything these results wrote. */
  public static ConsistencyToken of(Collection<PublishResult> written) {
    var offsets = new TreeMap<Integer, Long>();
    written.forEach(result -> offsets.merge(result.partition(), result.offset(), Math::max));
    return new ConsistencyToken(offsets);
  }

  /** This token and another merged: the highest offset of each partition. */
  public ConsistencyToken merge(ConsistencyToken other) {
    var merged = new TreeMap<>(offsets);
    other.offsets.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
    return new ConsistencyToken(merged);
  }

  /** The token as sent over HTTP: URL-safe base64 of {@code partition:offset,...}. */
  public String encode() {
    var text = new TreeMap<>(offsets).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(","));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token made by {@link #encode()}.
   *
   * @throws IllegalArgumentException if the text is not such a token
   */
  public static ConsistencyToken parse(String token) {
    try {
      var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      var offsets = new TreeMap<Integer, Long>();
      for (var entry : text.split(",")) {
        var parts = entry.split(":");
        if (parts.length != 2) {
          throw new IllegalArgumentException("bad entry " + entry);
        }
        int partition = Integer.parseInt(parts[0]);
        long offset = Long.parseLong(parts[1]);
        if (partition < 0 || offset < 0) {
          throw new IllegalArgumentException("negative partition or offset");
        }
        offsets.put(partition, offset);
      }
      return new ConsistencyToken(offsets);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a consistency token: '" + abbreviate(token) + "'", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
