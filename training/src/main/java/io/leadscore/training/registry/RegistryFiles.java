package io.leadscore.training.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The few file operations the registry needs, with the guarantees it relies on. On a local folder they
 * are the operating system's atomic ones: create-new of a file or folder fails when it exists, and a file
 * is replaced by a rename over it, so readers see the old or the new content and never no file. On other
 * Hadoop file systems (s3a) a whole-object PUT is atomic (replace), but create-new is check-then-create:
 * there, run one trainer at a time (the lakehouse lock does).
 */
abstract class RegistryFiles {
  static RegistryFiles at(String dir) {
    URI uri = new Path(dir).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return new Local(java.nio.file.Path.of(uri.getPath()));
    }
    return new Hadoop(dir);
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

  private static final class Hadoop extends RegistryFiles {
    private final String dir;

    Hadoop(String dir) {
      this.dir = dir;
    }

    private Path path(String name) {
      return new Path(dir + "/" + name);
    }

    private FileSystem fs() throws IOException {
      return new Path(dir).getFileSystem(new Configuration());
    }

    @Override
    boolean exists(String name) throws IOException {
      return fs().exists(path(name));
    }

    @Override
    byte[] read(String name) throws IOException {
      try (InputStream in = fs().open(path(name))) {
        return in.readAllBytes();
      }
    }

    @Override
    boolean createNew(String name, byte[] content) throws IOException {
      FileSystem fs = fs();
      if (fs.exists(path(name))) {
        return false;
      }
      try (OutputStream out = fs.create(path(name), false)) {
        out.write(content);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    boolean mkdirNew(String name) throws IOException {
      // object stores have no folders: the claim is a marker object inside it
      return createNew(name + "/_claimed", new byte[0]);
    }

    @Override
    void replace(String name, byte[] content) throws IOException {
      try (OutputStream out = fs().create(path(name), true)) {
        out.write(content);
      }
    }

    @Override
    void delete(String name) throws IOException {
      fs().delete(path(name), false);
    }

    @Override
    long ageMillis(String name) throws IOException {
      return System.currentTimeMillis() - fs().getFileStatus(path(name)).getModificationTime();
    }

    @Override
    List<String> list() throws IOException {
      FileSystem fs = fs();
      if (!fs.exists(new Path(dir))) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FileStatus st : fs.listStatus(new Path(dir))) {
        out.add(st.getPath().getName());
      }
      return out.stream().sorted().toList();
    }
  }
}
