import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deletes from every jar of a folder the native libraries of platforms other than the image's (Linux, glibc, the
 * architecture of the JVM that runs this, or the one given): RocksDB alone bundles fourteen, 72.5 MB of which the
 * image needs one. Fails when a jar that had native libraries keeps none, so a platform the jars do not support
 * is a failed build rather than a node that cannot load RocksDB.
 *
 * <p>Run with the JDK's source launcher: {@code java docker/StripNatives.java FOLDER [amd64|arm64]}.
 */
public final class StripNatives {

  private static final Pattern NATIVE = Pattern.compile("(?i).*\\.(so|dll|dylib|jnilib|a)$");
  private static final Set<String> NOT_GLIBC = Set.of("musl", "android");

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: java StripNatives.java FOLDER [amd64|arm64]");
      System.exit(2);
    }
    var arch = args.length == 2 ? args[1] : System.getProperty("os.arch");
    var tokens = switch (arch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> List.of("x86_64", "amd64", "linux64");
      case "arm64", "aarch64" -> List.of("aarch64", "arm64");
      default -> throw new IllegalArgumentException("no native libraries are kept for the architecture " + arch);
    };
    try (var jars = Files.list(Path.of(args[0]))) {
      for (var jar : jars.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
        strip(jar, tokens);
      }
    }
  }

  private static void strip(Path jar, List<String> tokens) throws IOException {
    var before = Files.size(jar);
    var kept = new ArrayList<String>();
    var removed = 0;
    try (var zip = FileSystems.newFileSystem(jar)) {
      List<Path> natives;
      try (var entries = Files.walk(zip.getPath("/"))) {
        natives = entries.filter(Files::isRegularFile).filter(entry -> NATIVE.matcher(entry.toString()).matches())
            .toList();
      }
      for (var entry : natives) {
        if (forThisPlatform(entry.toString().toLowerCase(Locale.ROOT), tokens)) {
          kept.add(entry.toString());
        } else {
          Files.delete(entry);
          removed++;
        }
      }
      if (!natives.isEmpty() && kept.isEmpty()) {
        throw new IllegalStateException(jar.getFileName() + " has no native library for " + tokens);
      }
    }
    if (removed > 0) {
      System.out.printf("%s: removed %d native libraries, kept %s (%d -> %d bytes)%n", jar.getFileName(), removed,
          kept, before, Files.size(jar));
    }
  }

  private static boolean forThisPlatform(String entry, List<String> tokens) {
    return entry.contains("linux") && NOT_GLIBC.stream().noneMatch(entry::contains)
        && tokens.stream().anyMatch(entry::contains);
  }
}
