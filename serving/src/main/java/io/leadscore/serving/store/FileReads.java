package io.leadscore.serving.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads data files into columnar parts on a pool of as many threads as there are cores, the largest file first
 * (so that no core idles at the end while one large file is still read), each file into its own unindexed
 * {@link ColumnarTable}; {@link #join} gives the parts back in the files' own order.
 */
final class FileReads implements AutoCloseable {
  private final ExecutorService pool;
  private final List<Future<ColumnarTable>> parts = new ArrayList<>();

  FileReads(List<DeltaReader.FileRead> files, String idColumn) {
    int threads = Math.max(1, Math.min(files.size(), 
        Runtime.getRuntime().availableProcessors()));
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "store-load");
      t.setDaemon(true);
      return t;
    });
    List<Integer> bySize = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      bySize.add(i);
      parts.add(null);
    }
    bySize.sort(Comparator.comparingLong((Integer i) -> files.get(i).size()).reversed());
    for (int i : bySize) {
      parts.set(i, pool.submit(() -> {
        ColumnarTable.Builder b = new ColumnarTable.Builder(idColumn, null, false);
        files.get(i).read(b::add);
        return b.build();
      }));
    }
  }

  /** The parts in the files' order, once all are read; a failed read throws its own error. */
  List<ColumnarTable> join() {
    List<ColumnarTable> out = new ArrayList<>();
    for (Future<ColumnarTable> f : parts) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw io.leadscore.serving.errors.ServingErrors.wrap("interrupted while reading the night", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : io.leadscore.serving.errors.ServingErrors.wrap(
            "Cannot read the night: " + e.getCause().getMessage(), e.getCause());
      }
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
