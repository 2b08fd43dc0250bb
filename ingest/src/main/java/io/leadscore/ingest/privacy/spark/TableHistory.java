package io.leadscore.ingest.privacy.spark;

import io.leadscore.ingest.IngestErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.util.DeltaFileOperations;

/**
 * The part of a Delta table's history that is still on disk: data files the current version no longer
 * references (what a zero-retention VACUUM deletes). Older versions read only these files, so a lead that is in
 * none of them and not in the current version is in no readable version of the table.
 *
 * <p>Why listing rather than the snapshot's tombstones: tombstones expire from the snapshot after
 * {@code delta.deletedFileRetentionDuration} (7 days) while the files stay until a VACUUM, so a table overwritten
 * a month ago and never vacuumed (crm_pending, training_set) would look clean. Listing is what VACUUM does too;
 * a table with no unreferenced file costs one listing and no Spark job.
 */
final class TableHistory {
  private TableHistory() {}

  /**
   * Data files under the table that its current version does not reference (hidden folders excluded). Most tables
   * have none: when the version's checksum knows its number of files and their total size, and the folder's data
   * files are as many and as large, the file list is not read (it costs a Spark job and a state reconstruction per
   * table, the largest share of an erasure's time on a lakehouse of small tables, profiled).
   */
  static List<String> unreferenced(SparkSession spark, String table) {
    List<Path> data = new ArrayList<>();
    long[] bytes = {0};
    listed(spark, table, (path, length) -> { // listed once: the counts below and the comparison with the file list
      if (path.toUri().getPath().endsWith(".parquet")) {
        data.add(path);
        bytes[0] += length;
      }
    });
    Snapshot snapshot = DeltaLog.forTable(spark, table).update(false, scala.Option.empty(), scala.Option.empty());
    scala.Option<Object> knownFiles = snapshot.numOfFilesIfKnown();
    scala.Option<Object> knownBytes = snapshot.sizeInBytesIfKnown();
    if (knownFiles.isDefined() && knownBytes.isDefined() && data.size() == (Long) knownFiles.get()
        && bytes[0] == (Long) knownBytes.get()) {
      return List.of();
    }
    Set<String> live = live(spark, table);
    return data.stream().filter(p -> !live.contains(p.toUri().getPath())).map(Path::toString).toList();
  }

  /**
   * The paths (URI path part) of the data files the current version reads: the snapshot's own file list (one small
   * job over its cached state), not a planned scan's {@code inputFiles}, which also analyses and optimises a query
   * and parses every file's statistics (a fifth of an erasure's time on small tables, measured).
   */
  static Set<String> live(SparkSession spark, String table) {
    Snapshot snapshot = DeltaLog.forTable(spark, table).update(false, scala.Option.empty(), scala.Option.empty());
    Path root = snapshot.deltaLog().dataPath();
    Set<String> live = new HashSet<>();
    for (Row r : snapshot.allFiles().toDF().select("path").collectAsList()) {
      live.add(DeltaFileOperations.absolutePath(root.toString(), r.getString(0)).toUri().getPath());
    }
    return live;
  }

  /**
   * Files under the table, outside hidden folders, that are not in {@code live}: Parquet data files only, or
   * every such file (deletion vectors, stray files: what VACUUM deletes too).
   */
  static List<Path> unreferencedFiles(SparkSession spark, String table, Set<String> live, boolean parquetOnly) {
    List<Path> out = new ArrayList<>();
    listed(spark, table, (p, length) -> {
      String abs = p.toUri().getPath();
      if ((!parquetOnly || abs.endsWith(".parquet")) && !live.contains(abs)) {
        out.add(p);
      }
    });
    return out;
  }

  /** Hands every file under the table outside hidden folders, with its length, to the sink. */
  private static void listed(SparkSession spark, String table, BiConsumer<Path, Long> sink) {
    Path root = new Path(table);
    try {
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      String rootPath = fs.makeQualified(root).toUri().getPath();
      files(fs, root, (p, length) -> {
        String abs = p.toUri().getPath();
        if (!hidden(abs.substring(Math.min(abs.length(), rootPath.length())))) {
          sink.accept(p, length);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw IngestErrors.wrap("Cannot list the files of " + table + ": " + e.getMessage()
          + " (check the storage root's permissions, then run the same erasure again)", e);
    }
  }

  /**
   * Every file under the root, with its length. On a local disk through java.nio: Hadoop's local file system
   * without its native library runs an {@code ls -ld} process per file to fill in the permissions of a listed file
   * (measured: 800 processes in one erasure test); elsewhere (s3a) one recursive listing.
   */
  private static void files(FileSystem fs, Path root, BiConsumer<Path, Long> sink) throws IOException {
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(root).toUri());
      if (java.nio.file.Files.isDirectory(local)) {
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(local)) {
          for (java.nio.file.Path f : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
            sink.accept(new Path(f.toUri()), java.nio.file.Files.size(f));
          }
        }
      }
      return;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      sink.accept(f.getPath(), f.getLen());
    }
  }

  /** Delta's rule: a path segment starting with '_' or '.' (the log, checksums, our side files) is not data. */
  static boolean hidden(String relative) {
    for (String segment : relative.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The unreferenced files as rows, or null when there are none (the common case after a VACUUM). */
  static Dataset<Row> unreferencedRows(SparkSession spark, String table) {
    List<String> files = unreferenced(spark, table);
    return files.isEmpty() ? null : spark.read().parquet(files.toArray(new String[0]));
  }
}
