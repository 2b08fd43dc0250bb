package io.leadscore.ingest.landing;

import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.SourceMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;

/**
 * Step 2 of the ingest, running beside the others: the pass over each file's bytes (checksum, decompression,
 * record count) on one thread, ahead of Spark. While Spark loads a file, the next one is scanned, on a core a
 * single-task stage (a gzip read) leaves idle. Scans run in file order and hold only their small results.
 */
public final class ScanAhead implements AutoCloseable {
  private final ExecutorService scanner = Executors.newSingleThreadExecutor(task -> {
    Thread t = new Thread(task, "leadscore-file-scan");
    t.setDaemon(true);
    return t;
  });
  private final Map<LandingFiles.Found, Future<FileScan.Facts>> scans = new HashMap<>();

  public ScanAhead(Configuration conf, Map<SourceMapping, List<LandingFiles.Found>> files) {
    files.forEach((m, found) -> found.forEach(f -> scans.put(f, scanner.submit(() -> FileScan.scan(conf,
        f.location(), m)))));
  }

  /** The scan's result, or its own exception (an IngestException naming the file) as if run here. */
  public FileScan.Facts facts(LandingFiles.Found f) {
    try {
      return scans.get(f).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IngestErrors.wrap("Interrupted while scanning an export", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw IngestErrors.wrap("Cannot scan an export: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    scanner.shutdownNow();
  }
}
