package dev.memlog.ingest.event;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who said a message. Written in lower case on the wire. */
public enum Role {
  USER,
  ASSISTANT,
  SYSTEM,
  TOOL;

  /** The wire name, e.g. {@code assistant}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, e.g. {@code assistant}; throws {@link IllegalArgumentException} for any other text. */
  public static Role fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
