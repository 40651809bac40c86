package dev.memlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/StripNatives.java, run as the Dockerfile runs it (the JDK's source launcher), on copies of the real
 * RocksDB and SQLite jars: the image keeps the native library of its own platform and no other.
 */
class StripNativesTest {

  private static final Path PROGRAM = Path.of("..", "docker", "StripNatives.java");
  private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib|a)$");

  @TempDir Path dir;

  @Test
  void shouldKeepOnlyTheLinuxGlibcAmd64LibrariesOfRocksDbAndSqlite() throws Exception {
    var rocksDb = copyJarOf(org.rocksdb.RocksDB.class);
    var sqlite = copyJarOf(org.sqlite.JDBC.class);
    assertThat(natives(rocksDb)).hasSizeGreaterThan(10);

    var run = strip("amd64");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(natives(rocksDb)).containsExactly("/librocksdbjni-linux64.so");
    assertThat(natives(sqlite)).containsExactly("/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
    assertThat(Files.size(rocksDb)).isLessThan(Files.size(jarOf(org.rocksdb.RocksDB.class)) / 5);
  }

  @Test
  void shouldKeepTheArm64LibrariesForAnArm64Image() throws Exception {
    var rocksDb = copyJarOf(org.rocksdb.RocksDB.class);

    var run = strip("arm64");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(natives(rocksDb)).containsExactly("/librocksdbjni-linux-aarch64.so");
  }

  @Test
  void shouldFailTheBuildForAPlatformItKeepsNoLibraryFor() throws Exception {
    copyJarOf(org.rocksdb.RocksDB.class);

    var run = strip("sparc");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("sparc");
  }

  private record Run(int exit, String output) {}

  private Run strip(String arch) throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var output = dir.resolve("strip.out");
    var process = new ProcessBuilder(java, PROGRAM.toString(), dir.resolve("lib").toString(), arch)
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("StripNatives finished").isTrue();
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private Path copyJarOf(Class<?> type) throws IOException, URISyntaxException {
    var source = jarOf(type);
    Files.createDirectories(dir.resolve("lib"));
    return Files.copy(source, dir.resolve("lib").resolve(source.getFileName()));
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> natives(Path jar) throws IOException {
    try (var zip = FileSystems.newFileSystem(jar); var entries = Files.walk(zip.getPath("/"))) {
      return entries.filter(Files::isRegularFile).map(Path::toString).filter(name -> NATIVE.matcher(name).matches())
          .sorted().toList();
    }
  }
}
