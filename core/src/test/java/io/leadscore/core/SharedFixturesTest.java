package io.leadscore.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared test states: built once, never half-built, and keyed by the code that made them. */
class SharedFixturesTest {
  @TempDir
  Path dir;

  @Test
  void aStateIsBuiltOnceAndThenServedFromItsFolder() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    Path first = SharedFixtures.get(dir, "state-abc", to -> {
      builds.incrementAndGet();
      write(to.resolve("table/part-0.txt"), "rows");
    });
    Path second = SharedFixtures.get(dir, "state-abc", to -> builds.incrementAndGet());
    assertEquals(1, builds.get());
    assertEquals(first, second);
    assertEquals("rows", Files.readString(second.resolve("table/part-0.txt")));

    Path copy = dir.resolve("private");
    SharedFixtures.copyTree(first, copy);
    write(copy.resolve("table/part-1.txt"), "a test's change");
    assertFalse(Files.exists(first.resolve("table/part-1.txt")), "a copy's changes stay in the copy");
  }

  @Test
  void aBuildThatFailsLeavesNothingThatLooksDone() {
    assertThrows(IllegalStateException.class, () -> SharedFixtures.get(dir, "state-x", to -> {
      write(to.resolve("half.txt"), "half");
      throw new IllegalStateException("generator crashed");
    }));
    assertFalse(Files.exists(dir.resolve("state-x")));
    AtomicInteger builds = new AtomicInteger();
    SharedFixtures.get(dir, "state-x", to -> builds.incrementAndGet());
    assertEquals(1, builds.get(), "the next caller builds it again");
  }

  @Test
  void theFingerprintFollowsTheCodeAndReadsAFolderLikeItsJar() throws Exception {
    Path classes = dir.resolve("ingest/target/classes");
    write(classes.resolve("io/leadscore/A.class"), "code v1");
    write(classes.resolve("reference.conf"), "leadscore.x = 1");
    Path jar = dir.resolve("leadscore-ingest-0.1.0-SNAPSHOT.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String[] e : List.of(new String[] {"META-INF/MANIFEST.MF", "built at 10:00"},
          new String[] {"io/leadscore/A.class", "code v1"}, new String[] {"reference.conf", "leadscore.x = 1"})) {
        out.putNextEntry(new JarEntry(e[0]));
        out.write(e[1].getBytes());
        out.closeEntry();
      }
    }
    String v1 = SharedFixtures.fingerprintOf(List.of(classes));
    assertEquals(v1, SharedFixtures.fingerprintOf(List.of(jar)), "the module's folder and its jar are the same code");
    write(classes.resolve("reference.conf"), "leadscore.x = 2");
    assertNotEquals(v1, SharedFixtures.fingerprintOf(List.of(classes)), "a changed default is another state");
  }

  private static void write(Path p, String text) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
