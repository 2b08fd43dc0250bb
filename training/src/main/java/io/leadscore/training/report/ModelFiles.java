package io.leadscore.training.report;

import io.leadscore.training.errors.TrainingErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Reads a saved model folder (any Hadoop FS) as artifacts: relative path -> bytes, checksum files left out. */
public final class ModelFiles {
  private ModelFiles() {}

  public static Map<String, byte[]> read(String dir, String prefix) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(new Configuration());
      String rootUri = fs.makeQualified(root).toString();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        String name = st.getPath().getName();
        if (name.endsWith(".crc") || name.startsWith("_SUCCESS")) {
          continue;
        }
        String rel = st.getPath().toString().substring(rootUri.length()).replaceAll("^/+", "");
        try (InputStream in = fs.open(st.getPath())) {
          out.put(prefix + "/" + rel, in.readAllBytes());
        }
      }
      return out;
    } catch (IOException e) {
      throw TrainingErrors.cannot("read the saved model " + dir, e);
    }
  }
}
