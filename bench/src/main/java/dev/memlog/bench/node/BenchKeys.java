package dev.memlog.bench.node;

import dev.memlog.api.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;

/**
 * The API keys of a bench run: one per tenant the workloads use ({@code tenant-000..999}, {@code fresh-000..019},
 * {@code probe}, and {@code locomo}, the tenant of the judged search collection), derived from a random secret of the run, so the harness can present the right key for any path.
 */
public final class BenchKeys {

  private static final String SECRET = ApiKeys.newKey();

  private BenchKeys() {}

  /** The key of a tenant for this run. */
  public static String keyFor(String tenant) {
    return "mlk_" + ApiKeys.hash(SECRET + "/" + tenant);
  }

  /** The key for a path: its tenant's for {@code /v1/tenants/T/...}, else none (null). */
  public static String keyForPath(String path) {
    if (!path.startsWith("/v1/tenants/")) {
      return null;
    }
    var rest = path.substring("/v1/tenants/".length());
    int slash = rest.indexOf('/');
    return keyFor(slash < 0 ? rest : rest.substring(0, slash));
  }

  /** Writes the hashes of every tenant's key where a node reads its key file ({@code DATA_DIR/api-keys}). */
  static void writeKeyFile(Path dataDir) {
    var lines = new ArrayList<String>();
    for (int t = 0; t < 1_000; t++) {
      lines.add(line(String.format(Locale.ROOT, "tenant-%03d", t)));
    }
    for (int t = 0; t < 20; t++) {
      lines.add(line(String.format(Locale.ROOT, "fresh-%03d", t)));
    }
    lines.add(line("probe"));
    lines.add(line("locomo"));
    try {
      Files.write(dataDir.resolve("api-keys"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bench's API keys", e);
    }
  }

  private static String line(String tenant) {
    return ApiKeys.hash(keyFor(tenant)) + " " + tenant;
  }
}
