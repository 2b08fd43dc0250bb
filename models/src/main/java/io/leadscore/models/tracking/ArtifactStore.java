package io.leadscore.models.tracking;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a run's artifacts go, decided by the run's own {@code artifact_uri} as the server returned it
 * (never guessed): {@code mlflow-artifacts:} through the server's artifact proxy; {@code file:}, a plain
 * path, {@code s3://} or {@code s3a://} written directly with Hadoop's FileSystem, as MLflow's Python
 * client does when the server was started with {@code --default-artifact-root}.
 */
interface ArtifactStore {
  /** Writes one artifact at {@code relativePath} under the run's artifact root. */
  void write(String relativePath, byte[] bytes);

  /** The store for a run's artifact URI, or a {@link TrackingException} naming the URI and the way out. */
  static ArtifactStore forRun(String artifactUri, MlflowRest rest, String mlflowRunId) {
    String uri = artifactUri == null ? "" : artifactUri.trim();
    if (uri.startsWith("mlflow-artifacts:")) {
      String root = proxyPath(uri);
      return (path, bytes) -> rest.putArtifact(root + "/" + path, bytes);
    }
    if (uri.startsWith("file:") || uri.startsWith("/")) {
      return new HadoopStore(uri.startsWith("/") ? "file://" + uri : uri);
    }
    if (uri.startsWith("s3://") || uri.startsWith("s3a://")) {
      // the same bucket and key; hadoop-aws implements s3a:// only
      return new HadoopStore("s3a://" + uri.substring(uri.indexOf("://") + 3));
    }
    throw new TrackingException("MLflow run " + mlflowRunId + " has artifact_uri '" + RunTracker.redact(uri)
        + "', which leadscore "
        + "cannot write (it writes mlflow-artifacts:, file:, a local path, s3:// and s3a://). The run's params and "
        + "metrics are in MLflow; its artifacts stay in the local record and `leadscore runs sync` retries them. "
        + "Start the server with --serve-artifacts (the default) or a supported --default-artifact-root.");
  }

  /** "mlflow-artifacts:/1/abc/artifacts" or "mlflow-artifacts://host:5000/1/abc/artifacts" -> "1/abc/artifacts". */
  static String proxyPath(String uri) {
    String rest = uri.substring("mlflow-artifacts:".length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    return rest.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  /** Artifacts written straight to the artifact root on any Hadoop file system. */
  final class HadoopStore implements ArtifactStore {
    private final String root;

    HadoopStore(String root) {
      this.root = root.replaceAll("/+$", "");
    }

    @Override
    public void write(String relativePath, byte[] bytes) {
      Path p = new Path(root + "/" + relativePath);
      try (OutputStream out = raw(p.getFileSystem(new Configuration())).create(p, true)) {
        out.write(bytes);
      } catch (IOException | RuntimeException e) {
        throw new TrackingException("Cannot write artifact " + relativePath + " to the run's artifact_uri "
            + RunTracker.redact(root)
            + ": " + e.getMessage() + " (the artifacts stay in the local record; `leadscore runs sync` retries)", e);
      }
    }

    String root() {
      return root;
    }

    /** Without Hadoop's .crc side files: the folder is MLflow's, and MLflow lists every file in it. */
    private static FileSystem raw(FileSystem fs) {
      return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }
  }
}
