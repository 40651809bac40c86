package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirsTest {

  @TempDir Path dir;

  @Test
  void shouldMakeTheDataDirAndEverythingInItReadableByItsOwnerOnly() throws Exception {
    var data = dir.resolve("data");
    var shard = Files.createDirectories(data.resolve("streams/app/0_1/read-model"));
    var file = Files.writeString(shard.resolve("shard.db"), "every tenant's content");
    Files.setPosixFilePermissions(shard, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    DataDirs.ownerOnly(data);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shard))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void shouldCreateADataDirThatDoesNotExistYet() throws Exception {
    var data = dir.resolve("new/data");

    DataDirs.ownerOnly(data);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
  }
}
