package io.leadscore.models.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry's files on a Hadoop file system other than the local one (s3a): a whole-object PUT is atomic
 * (replace), create-new is check-then-create (see {@link RegistryFiles}).
 */
final class HadoopRegistryFiles extends RegistryFiles {
  private final String dir;

  HadoopRegistryFiles(String dir) {
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
