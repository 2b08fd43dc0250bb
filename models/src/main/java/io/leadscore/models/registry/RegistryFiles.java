package io.leadscore.models.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The few file operations the registry needs, with the guarantees it relies on. On a local folder they
 * are the operating system's atomic ones: create-new of a file or folder fails when it exists, and a file
 * is replaced by a rename over it, so readers see the old or the new content and never no file. On other
 * Hadoop file systems (s3a) a whole-object PUT is atomic (replace), but create-new is check-then-create:
 * there, run one trainer at a time (the lakehouse lock does). A local registry never loads a Hadoop class
 * (the Spark-free scorer reads it with no Hadoop on the classpath): only {@link HadoopRegistryFiles} uses Hadoop.
 */
abstract class RegistryFiles {
  static RegistryFiles at(String dir) {
    String scheme = scheme(dir);
    if (scheme == null) {
      return new Local(java.nio.file.Path.of(dir));
    }
    if (scheme.equals("file")) {
      return new Local(java.nio.file.Path.of(localPart(dir.substring(scheme.length() + 1))));
    }
    return new HadoopRegistryFiles(dir);
  }

  /** The URI scheme as Hadoop's {@code Path} reads it: text before a colon that comes before any slash. */
  static String scheme(String dir) {
    int colon = dir.indexOf(':');
    int slash = dir.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash) ? dir.substring(0, colon) : null;
  }

  /** The path of a {@code file:} location: {@code //authority/path} or {@code /path}. */
  static String localPart(String rest) {
    if (rest.startsWith("//")) {
      int next = rest.indexOf('/', 2);
      return next < 0 ? "/" : rest.substring(next);
    }
    return rest;
  }

  abstract boolean exists(String name) throws IOException;

  abstract byte[] read(String name) throws IOException;

  /** Creates the file with this content; false when it already exists. */
  abstract boolean createNew(String name, byte[] content) throws IOException;

  /** Creates the folder (and the registry folder); false when it already exists. */
  abstract boolean mkdirNew(String name) throws IOException;

  /** Replaces the file's content with no moment at which it is missing. */
  abstract void replace(String name, byte[] content) throws IOException;

  abstract void delete(String name) throws IOException;

  /** Age of the file in milliseconds. */
  abstract long ageMillis(String name) throws IOException;

  /** Names of the entries of the registry folder. */
  abstract List<String> list() throws IOException;

  private static final class Local extends RegistryFiles {
    private final java.nio.file.Path dir;

    Local(java.nio.file.Path dir) {
      this.dir = dir;
    }

    @Override
    boolean exists(String name) {
      return Files.exists(dir.resolve(name));
    }

    @Override
    byte[] read(String name) throws IOException {
      return Files.readAllBytes(dir.resolve(name));
    }

    @Override
    boolean createNew(String name, byte[] content) throws IOException {
      Files.createDirectories(dir);
      java.nio.file.Path tmp = Files.createTempFile(dir, ".new-", ".tmp");
      try {
        Files.write(tmp, content);
        // a hard link is created atomically and fails when the name exists: the content is complete when seen
        Files.createLink(dir.resolve(name), tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    boolean mkdirNew(String name) throws IOException {
      Files.createDirectories(dir);
      try {
        Files.createDirectory(dir.resolve(name));
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    void replace(String name, byte[] content) throws IOException {
      Files.createDirectories(dir);
      java.nio.file.Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp");
      try {
        Files.write(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    void delete(String name) throws IOException {
      Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    long ageMillis(String name) throws IOException {
      return System.currentTimeMillis() - Files.getLastModifiedTime(dir.resolve(name)).toMillis();
    }

    @Override
    List<String> list() throws IOException {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (var s = Files.list(dir)) {
        return s.map(p -> p.getFileName().toString()).sorted().toList();
      }
    }
  }
}
