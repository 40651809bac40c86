package dev.memlog.ingest.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON Schema documents of the events, as they are kept in this module: one per versioned type name, the
 * envelope they share ({@code common.v1}) and the sealed-content object ({@code sealed.v1}). Each has the
 * {@code $id} {@code https://memlog.dev/schemas/NAME.json}, and refers to the others by relative URI, so a
 * server that serves them side by side ({@code .../schemas/NAME.json}) keeps every reference resolvable.
 */
public final class SchemaDocuments {

  /** The shared envelope and the sealed-content object, which are not event types. */
  public static final List<String> SHARED = List.of("common.v1", "sealed.v1");

  private SchemaDocuments() {}

  /** Every document's name: the event type names (old versions included), then {@link #SHARED}. */
  public static List<String> names() {
    var names = new ArrayList<>(EventSchemas.typeNames());
    names.addAll(SHARED);
    return List.copyOf(names);
  }

  /** The {@code $id} of the document {@code name}. */
  public static String id(String name) {
    return EventSchemas.ID_BASE + name + ".json";
  }

  /**
   * The JSON text of the document {@code name}, empty when there is none by that name.
   *
   * @throws UncheckedIOException if the document exists but cannot be read
   */
  public static Optional<byte[]> document(String name) {
    if (!names().contains(name)) {
      return Optional.empty();
    }
    var resource = EventSchemas.RESOURCE_DIR + name + ".json";
    try (var in = SchemaDocuments.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema missing from the classpath: " + resource);
      }
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
