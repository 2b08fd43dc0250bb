package io.leadscore.core;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, with java.nio doing what Hadoop does by starting a process when its native library
 * is absent (always, for a Maven or pip install): a {@code chmod} for every file and folder it creates and a
 * {@code readlink} for every path Delta's log store renames. A JFR recording of one erasure test counted 1,400 such
 * processes, each 5-12 ms on the driver's thread. The same files with the same permissions; links are left to
 * Hadoop's own code. {@code io.leadscore.core.spark.Sparks} registers it for {@code file:} paths, as a FileSystem and for FileContext.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system under the checksums. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      File file = pathToFile(f);
      if (Files.isSymbolicLink(file.toPath())) {
        return super.getFileLinkStatus(f); // rare: Hadoop's own handling of a link and its target
      }
      return getFileStatus(f); // what Hadoop returns for a path that is no link (FileNotFoundException if absent)
    }
  }

  /** The same for FileContext (Delta's log store writes and renames through it): checksums over {@link Raw}. */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }

  static Set<PosixFilePermission> posix(FsPermission p) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    add(s, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(s, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(s, p.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return s;
  }

  private static void add(Set<PosixFilePermission> s, FsAction a, PosixFilePermission r, PosixFilePermission w,
                          PosixFilePermission x) {
    if (a.implies(FsAction.READ)) {
      s.add(r);
    }
    if (a.implies(FsAction.WRITE)) {
      s.add(w);
    }
    if (a.implies(FsAction.EXECUTE)) {
      s.add(x);
    }
  }
}
