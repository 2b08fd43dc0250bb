package io.leadscore.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio local file system gives what Hadoop's gives: the same permissions, link status and renames. */
class NioLocalFileSystemTest {
  @Test
  void createdFilesAndFoldersGetHadoopsPermissions(@TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = new Configuration(false);
    LocalFileSystem hadoop = new LocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), conf);
    NioLocalFileSystem nio = new NioLocalFileSystem();
    nio.initialize(java.net.URI.create("file:///"), conf);
    for (FsPermission p : new FsPermission[] {new FsPermission((short) 0644), new FsPermission((short) 0750),
        new FsPermission((short) 0600)}) {
      Path a = new Path(dir.resolve("hadoop-" + p.toShort()).toUri());
      Path b = new Path(dir.resolve("nio-" + p.toShort()).toUri());
      hadoop.create(a, p, false, 4096, (short) 1, 1 << 20, null).close();
      nio.create(b, p, false, 4096, (short) 1, 1 << 20, null).close();
      assertEquals(Files.getPosixFilePermissions(java.nio.file.Path.of(a.toUri())),
          Files.getPosixFilePermissions(java.nio.file.Path.of(b.toUri())), p.toString());
      hadoop.mkdirs(new Path(a + "-dir"), p);
      nio.mkdirs(new Path(b + "-dir"), p);
      assertEquals(Files.getPosixFilePermissions(java.nio.file.Path.of(a.toUri().getPath() + "-dir")),
          Files.getPosixFilePermissions(java.nio.file.Path.of(b.toUri().getPath() + "-dir")));
    }
    nio.setPermission(new Path(dir.resolve("nio-420").toUri()), new FsPermission((short) 0640));
    assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(dir.resolve("nio-420")));
  }

  @Test
  void linkStatusAndFileContextRenamesAsHadoopDoes(@TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    NioLocalFileSystem nio = new NioLocalFileSystem();
    nio.initialize(java.net.URI.create("file:///"), conf);
    java.nio.file.Path file = Files.writeString(dir.resolve("f.json"), "{}");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    assertFalse(nio.getFileLinkStatus(new Path(file.toUri())).isSymlink());
    assertEquals(2, nio.getFileLinkStatus(new Path(file.toUri())).getLen());
    LocalFileSystem hadoop = new LocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), new Configuration(false));
    assertEquals(hadoop.getFileLinkStatus(new Path(link.toUri())).isSymlink(),
        nio.getFileLinkStatus(new Path(link.toUri())).isSymlink(), "a link is told as Hadoop tells it");
    assertEquals(hadoop.getFileLinkStatus(new Path(link.toUri())).getLen(),
        nio.getFileLinkStatus(new Path(link.toUri())).getLen());
    assertThrows(FileNotFoundException.class, () -> nio.getFileLinkStatus(new Path(dir.resolve("none").toUri())));

    FileContext fc = FileContext.getFileContext(java.net.URI.create("file:///"), conf);
    Path tmp = new Path(dir.resolve(".00001.json.tmp").toUri());
    try (var out = fc.create(tmp, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write("{\"commit\":1}".getBytes());
    }
    Path target = new Path(dir.resolve("00001.json").toUri());
    fc.rename(tmp, target, Options.Rename.NONE);
    assertEquals("{\"commit\":1}", Files.readString(dir.resolve("00001.json")));
    // no overwrite: Delta's log relies on a failed rename when the version exists
    try (var out = fc.create(tmp, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write("{\"commit\":2}".getBytes());
    }
    assertThrows(org.apache.hadoop.fs.FileAlreadyExistsException.class,
        () -> fc.rename(tmp, target, Options.Rename.NONE));
    assertEquals("{\"commit\":1}", Files.readString(dir.resolve("00001.json")));
  }
}
