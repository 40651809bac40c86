package dev.memlog.api;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.SchemaDocuments;
import io.javalin.http.Context;
import java.util.List;

/**
 * Serves the JSON Schema of every event type, and of the envelope and sealed content they share, side by side under
 * {@code /schemas/NAME.json}, so the relative references between them (and from the API document) resolve.
 */
final class SchemasController {

  static final String INDEX = "/schemas";
  static final String SCHEMA = "/schemas/{name}.json";
  static final String CONTENT_TYPE = "application/schema+json";

  void index(Context ctx) {
    var current = EventCodec.typeNames().stream().filter(t -> !EventCodec.oldTypeNames().contains(t)).toList();
    ctx.json(new Index(SchemaDocuments.names().stream().map(name -> new Entry(name, SchemaDocuments.id(name),
        INDEX + "/" + name + ".json", current.contains(name), EventCodec.oldTypeNames().contains(name))).toList()));
  }

  void schema(Context ctx) {
    var name = ctx.pathParam("name");
    var document = SchemaDocuments.document(name).orElseThrow(() -> ApiException.notFound("schema '"
        + Params.abbreviate(name) + "'"));
    ctx.contentType(CONTENT_TYPE).result(document);
  }

  /**
   * The schemas served.
   *
   * @param schemas one entry per document
   */
  record Index(List<Entry> schemas) {}

  /**
   * One schema document.
   *
   * @param name the event type name, or {@code common.v1} (the envelope) / {@code sealed.v1} (sealed content)
   * @param id its {@code $id}
   * @param url where this node serves it
   * @param writable whether events of this type are written (the current version of an event type)
   * @param upcast whether this is an old version of an event type, still read and upcast to the current one
   */
  record Entry(String name, String id, String url, boolean writable, boolean upcast) {}
}
