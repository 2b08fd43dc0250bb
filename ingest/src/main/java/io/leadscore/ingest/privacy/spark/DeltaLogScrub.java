package io.leadscore.ingest.privacy.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.ingest.IngestErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * Takes the statistics of deleted files out of a table's Delta log, after a VACUUM removed the files.
 *
 * <p>Why: Delta writes each data file's per-column min and max (a lead id, where it is a file's first or last)
 * into the commit that added the file, into the {@code NNN.crc} checksum of every later version (its file list)
 * and into Parquet checkpoints, and keeps the log for 30 days whatever VACUUM removes. The statistics of a file
 * that is gone serve nothing (the versions that read it cannot be read any more), so they are dropped: from
 * commits and checksums by rewriting the JSON without them, and from checkpoints by writing a new checkpoint of
 * the current version (its removed-file entries carry no statistics) and deleting the older ones. The current
 * version, and every file it reads, keep their statistics.
 */
final class DeltaLogScrub {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaLogScrub() {}

  /**
   * Returns how many log files were rewritten or deleted.
   *
   * @param livePaths the paths of the files the current version reads ({@link TableHistory#live})
   */
  static int scrub(SparkSession spark, String table, Set<String> livePaths) {
    Set<String> live = new HashSet<>();
    for (String f : livePaths) {
      live.add(new Path(f).getName());
    }
    Path log = new Path(table, "_delta_log");
    int n = 0;
    try {
      FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
      DeltaLog delta = DeltaLog.forTable(spark, table);
      boolean oldCheckpoint = false;
      long version = delta.update(false, scala.Option.empty(), scala.Option.empty()).version();
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (name.matches("\\d{20}\\.(json|crc)")) {
          n += rewrite(fs, f.getPath(), name.endsWith(".json"), live) ? 1 : 0;
        } else if (name.matches("\\d{20}\\.checkpoint.*\\.parquet") && Long.parseLong(name.substring(0, 20)) < version) {
          oldCheckpoint = true;
        }
      }
      if (oldCheckpoint) {
        delta.checkpoint();
        for (FileStatus f : fs.listStatus(log)) {
          String name = f.getPath().getName();
          if (name.matches("\\d{20}\\.checkpoint.*\\.parquet") && Long.parseLong(name.substring(0, 20)) < version) {
            fs.delete(f.getPath(), false);
            n++;
          }
        }
      }
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot scrub the Delta log of " + table + ": " + e.getMessage()
          + " (run the same erasure again)", e);
    } finally {
      // the cached snapshot may have been built from a checkpoint that is gone now
      DeltaLog.invalidateCache(spark, new Path(table));
    }
    return n;
  }

  /** Drops {@code stats} from every file entry whose file the current version does not read. */
  private static boolean rewrite(FileSystem fs, Path file, boolean lines, Set<String> live) throws IOException {
    String text;
    try (InputStream in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!text.contains("\"stats\"")) {
      return false;
    }
    boolean[] changed = {false};
    String[] pieces = lines ? text.split("\n", -1) : new String[] {text};
    for (int i = 0; i < pieces.length; i++) {
      if (pieces[i].contains("\"stats\"")) {
        JsonNode node = JSON.readTree(pieces[i]);
        strip(node, live, changed);
        pieces[i] = JSON.writeValueAsString(node);
      }
    }
    if (!changed[0]) {
      return false;
    }
    String result = String.join("\n", pieces);
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".scrub.tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(result.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw IngestErrors.of("Cannot replace the Delta log file %s with its scrubbed copy %s: move it by hand",
          file, tmp);
    }
    return true;
  }

  private static void strip(JsonNode node, Set<String> live, boolean[] changed) {
    if (node instanceof ObjectNode o) {
      JsonNode path = o.get("path");
      if (path != null && path.isTextual() && o.has("stats")
          && !live.contains(path.asText().substring(path.asText().lastIndexOf('/') + 1))) {
        o.remove("stats");
        changed[0] = true;
      }
      o.elements().forEachRemaining(c -> strip(c, live, changed));
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(c -> strip(c, live, changed));
    }
  }
}
