package dev.memlog.bench.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessTest {

  @TempDir Path dir;

  @Test
  void shouldCountTheClockTicksOfTheCompilerThreadsOnly() throws Exception {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    thread("11", "11 (C2 CompilerThre) S 1 1 1 0 -1 4194368 10 0 0 0 250 50 0 0 20 0 1 0 100 0 0");
    thread("12", "12 (C1 CompilerThre) S 1 1 1 0 -1 4194368 10 0 0 0 30 20 0 0 20 0 1 0 100 0 0");
    thread("13", "13 (a (strange) one) R 1 1 1 0 -1 4194368 10 0 0 0 900 100 0 0 20 0 1 0 100 0 0");

    assertThat(NodeProcess.jitCpuSeconds(dir)).isEqualTo(3.5);
  }

  @Test
  void shouldFindTheCompilerThreadsOfARunningJvm() {
    var self = Path.of("/proc/self/task");
    assumeTrue(Files.isDirectory(self), "no /proc here");

    // this JVM compiled the test framework before it ran this test
    assertThat(NodeProcess.jitCpuSeconds(self)).isPositive();
  }

  private void thread(String id, String stat) throws Exception {
    Files.createDirectories(dir.resolve(id));
    Files.writeString(dir.resolve(id).resolve("stat"), stat + "\n");
  }
}
