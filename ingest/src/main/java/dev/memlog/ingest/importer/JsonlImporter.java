package dev.memlog.ingest.importer;

import dev.memlog.ingest.client.MemlogClient;
import dev.memlog.ingest.client.PublishResult;
import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.InvalidEventException;
import dev.memlog.ingest.event.MemoryEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * Publishes the events of a JSON Lines stream, one event per line, in order. A line that is not a valid event is
 * not published and is reported with its line number; the other lines are published all the same. Blocks until
 * Kafka has acknowledged every published event.
 */
public final class JsonlImporter {

  private static final int MAX_IN_FLIGHT = 10_000;
  /** Events handed to the client at once: the data keys of their new subjects are created in one wait. */
  private static final int BATCH = 500;

  private final MemlogClient client;
  private final EventCodec codec;

  public JsonlImporter(MemlogClient client, EventCodec codec) {
    this.client = Objects.requireNonNull(client, "client");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Reads every line and publishes it.
   *
   * @param lines the JSON Lines text
   * @param progress called with the number of lines read so far, every so often and at the end
   * @throws IOException if reading fails
   * @throws IllegalStateException if Kafka refuses or times out an event; the report so far is lost
   */
  public ImportReport run(BufferedReader lines, LongConsumer progress) throws IOException {
    var rejected = new ArrayList<ImportReport.RejectedLine>();
    var inFlight = new ArrayList<CompletableFuture<PublishResult>>();
    var batch = new ArrayList<MemoryEvent>(BATCH);
    long lineNumber = 0;
    long blank = 0;
    long published = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        blank++;
        continue;
      }
      try {
        batch.add(codec.decode(line.getBytes(StandardCharsets.UTF_8)));
      } catch (InvalidEventException e) {
        rejected.add(new ImportReport.RejectedLine(lineNumber, e.getMessage()));
      }
      if (batch.size() >= BATCH) {
        inFlight.addAll(client.publishAll(batch));
        batch.clear();
      }
      if (inFlight.size() >= MAX_IN_FLIGHT) {
        published += await(inFlight);
        progress.accept(lineNumber);
      }
    }
    inFlight.addAll(client.publishAll(batch));
    published += await(inFlight);
    progress.accept(lineNumber);
    return new ImportReport(published, rejected, blank);
  }

  private static long await(ArrayList<CompletableFuture<PublishResult>> inFlight) {
    try {
      for (var future : inFlight) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka did not accept an event: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
    long count = inFlight.size();
    inFlight.clear();
    return count;
  }
}
