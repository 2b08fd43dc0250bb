package io.leadscore.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Expensive test states (a generated, ingested, featured lakehouse; a trained nightly) built once per build and
 * shared by every test JVM that asks for them: the two surefire forks of a module, and later modules.
 *
 * <p>A state lives under the reactor's {@code target/shared-fixtures/NAME-FINGERPRINT}. The fingerprint hashes
 * the main classes of the modules that make the state, so a state built by older code is never reused
 * after a change (a stale state could let a broken change pass).
 * A file lock makes the first JVM build it while the others wait; the build goes to a temporary folder that is
 * renamed into place when complete, so a crash mid-build leaves nothing that looks done. Tests that only read
 * use {@link #get}; tests that change the state take a private {@link #copy}.
 */
public final class SharedFixtures {
  private static final Path ROOT = reactorTarget().resolve("shared-fixtures");
  private static final java.util.Map<String, String> FINGERPRINTS = new java.util.HashMap<>();

  private SharedFixtures() {}

  /**
   * The folder of the named state, built by {@code build} (given an empty folder) if no JVM built it yet from the
   * same code of {@code modules} (the modules whose code makes the state, e.g. core, ingest, features).
   */
  public static Path get(String name, List<String> modules, Consumer<Path> build) {
    return get(ROOT, name + "-" + fingerprint(modules), build);
  }

  /** {@code root/key}, built under a lock by the first caller of any JVM; synchronized: file locks are per JVM. */
  static synchronized Path get(Path root, String key, Consumer<Path> build) {
    Path done = root.resolve(key);
    if (Files.isDirectory(done)) {
      return done;
    }
    try {
      Files.createDirectories(root);
      try (FileChannel ch = FileChannel.open(root.resolve(key + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
        if (Files.isDirectory(done)) {
          return done; // another JVM built it while this one waited
        }
        Path tmp = root.resolve(key + ".building-" + ProcessHandle.current().pid());
        delete(tmp);
        Files.createDirectories(tmp);
        long t0 = System.nanoTime();
        build.accept(tmp);
        Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        if (root.equals(ROOT)) {
          record(key, (System.nanoTime() - t0) / 1e9);
        }
        return done;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot build the shared test state " + key + " under " + root, e);
    }
  }

  /** A private copy of the named state in {@code to} (a directory copy: Delta tables use relative paths). */
  public static Path copy(String name, List<String> modules, Consumer<Path> build, Path to) {
    Path from = get(name, modules, build);
    copyTree(from, to);
    return to;
  }

  /** Copies a folder tree (files and folders; {@code to} may exist and be empty). */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }

  /** One line per build in this module's target/fixture-times.log, which dev/test-times reports. */
  private static void record(String name, double seconds) {
    try {
      Files.writeString(Path.of("target", "fixture-times.log"), name + "\t" + String.format("%.1f", seconds) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the timing is a report, not the fixture: a read-only target folder must not fail the tests
      System.err.println("fixture-times.log: " + e.getMessage());
    }
  }

  /**
   * The hash of the named modules' main classes and resources as this JVM sees them: the module's
   * target/classes folder in its own build, its jar in later modules (META-INF left out, so both hash alike).
   */
  static synchronized String fingerprint(List<String> modules) {
    return FINGERPRINTS.computeIfAbsent(String.join(",", modules), k -> {
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<Path> found = new java.util.ArrayList<>();
      for (String module : modules) {
        Path hit = null;
        for (String entry : cp.split(java.io.File.pathSeparator)) {
          Path p = Path.of(entry);
          String file = p.getFileName() == null ? "" : p.getFileName().toString();
          if (entry.endsWith(module + "/target/classes")
              || file.matches("leadscore-" + module + "-[0-9][^-]*(-SNAPSHOT)?\\.jar")) {
            hit = p;
          }
        }
        if (hit == null) {
          throw new IllegalStateException("Module " + module + " is not on this JVM's classpath: " + cp);
        }
        found.add(hit);
      }
      return fingerprintOf(found);
    });
  }

  /** The hash of these class folders or jars, in order (a folder and a jar of the same files hash alike). */
  static String fingerprintOf(List<Path> classes) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path p : classes) {
        digest(md, p);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException("Cannot fingerprint " + classes + ": " + e.getMessage(), e);
    }
  }

  private static void digest(MessageDigest md, Path p) throws IOException {
    java.util.SortedMap<String, byte[]> entries = new java.util.TreeMap<>();
    if (Files.isRegularFile(p)) {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p.toFile())) {
        for (var e : java.util.Collections.list(jar.entries())) {
          if (!e.isDirectory() && !e.getName().startsWith("META-INF/")) {
            try (InputStream in = jar.getInputStream(e)) {
              entries.put(e.getName(), in.readAllBytes());
            }
          }
        }
      }
    } else {
      try (Stream<Path> files = Files.walk(p)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String rel = p.relativize(f).toString().replace(java.io.File.separatorChar, '/');
          if (!rel.startsWith("META-INF/")) {
            entries.put(rel, Files.readAllBytes(f));
          }
        }
      }
    }
    for (var e : entries.entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update(e.getValue());
    }
  }

  /** The reactor root's target folder: module tests run in the module folder, one below the root pom. */
  private static Path reactorTarget() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isRegularFile(here.resolveSibling("pom.xml")) && Files.isDirectory(here.resolveSibling("core"))
        ? here.getParent() : here;
    return root.resolve("target");
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
