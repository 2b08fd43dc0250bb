package io.leadscore.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The file operations of the lakehouse lock, on a local path or any Hadoop file system. Locally a file is
 * published whole: written to a temporary name and hard-linked to its place ({@code link(2)} fails when the name
 * exists), so a reader never sees a half-written lock; where hard links are not supported it is created with
 * {@code O_CREAT|O_EXCL} and then written. On other file systems create-if-absent is only as atomic as
 * {@code FileSystem.create(path, false)} is there (not on s3a://, see the README).
 */
final class LockFile {
  private final String location;
  private final Configuration hadoop;

  LockFile(String location, Configuration hadoop) {
    this.location = location;
    this.hadoop = hadoop;
  }

  Configuration hadoop() {
    return hadoop;
  }

  String location() {
    return location;
  }

  /** Creates the file with {@code bytes} unless it exists; true when this call created it. */
  boolean create(byte[] bytes) throws IOException {
    if (local()) {
      Path p = localPath();
      Files.createDirectories(p.getParent());
      Path tmp = p.resolveSibling("." + p.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
      try {
        Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.createLink(p, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
        return createNew(p, bytes); // no hard links here
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
    FileSystem fs = p.getFileSystem(hadoop);
    if (fs.exists(p)) {
      return false;
    }
    try (OutputStream out = fs.create(p, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static boolean createNew(Path p, byte[] bytes) throws IOException {
    try {
      Files.write(p, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The file's bytes, or null when there is no file. */
  byte[] read() throws IOException {
    try {
      if (local()) {
        return Files.readAllBytes(localPath());
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      try (InputStream in = p.getFileSystem(hadoop).open(p)) {
        return in.readAllBytes();
      }
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      return null;
    }
  }

  void delete() throws IOException {
    if (local()) {
      Files.deleteIfExists(localPath());
    } else {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      p.getFileSystem(hadoop).delete(p, false);
    }
  }

  /** How long ago the file was last modified, or null when there is no file. */
  Duration age() throws IOException {
    try {
      long modified;
      if (local()) {
        modified = Files.getLastModifiedTime(localPath()).toMillis();
      } else {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        modified = p.getFileSystem(hadoop).getFileStatus(p).getModificationTime();
      }
      return Duration.between(Instant.ofEpochMilli(modified), Instant.now());
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      return null;
    }
  }

  private boolean local() {
    return !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:");
  }

  private Path localPath() {
    return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
  }
}
