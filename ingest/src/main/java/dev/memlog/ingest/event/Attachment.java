package dev.memlog.ingest.event;

import java.util.Objects;

/**
 * A file attached to a message ({@code message.appended.v2}).
 *
 * @param name the file name, not null
 * @param mediaType its media type, e.g. {@code image/png}, not null
 * @param uri where it can be fetched; may be null
 * @param sizeBytes its size; may be null
 */
public record Attachment(String name, String mediaType, String uri, Long sizeBytes) {
  public Attachment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
