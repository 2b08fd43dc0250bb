package io.leadscore.ingest.privacy.spark;

import io.leadscore.ingest.IngestErrors;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Removes every file under a Delta table that its current version does not reference, now: what makes a DELETE
 * of personal data real on disk. It is {@code VACUUM ... RETAIN 0 HOURS}, done with the file list the erasure has
 * already made ({@link TableHistory}) instead of Delta's own command: Delta's VACUUM lists the table again in a
 * Spark job and joins that listing with the snapshot in another, a dozen jobs per table, which was half of every
 * erasure's time on a small lakehouse (profiled). Deleting what the current version does not read is safe here
 * because every erase and purge holds the lakehouse lock, so no writer adds files in between. It ends time travel
 * to versions before the call, on purpose. Then the statistics of the removed files leave the Delta log
 * ({@link DeltaLogScrub}).
 */
final class ZeroRetentionVacuum {
  private ZeroRetentionVacuum() {}

  /** Returns how many files were deleted (0: nothing to do, the log is left as it is). */
  static synchronized int vacuum(SparkSession spark, String path) {
    if (io.leadscore.core.spark.DeletionVectors.enabled(spark, path)) {
      // with deletion vectors a DELETE only marks rows: rewrite the files without them first (afterwards the
      // current version references no deletion vector, so the old vectors are unreferenced files like any other)
      spark.sql("REORG TABLE delta.`" + path.replace("`", "``") + "` APPLY (PURGE)");
    }
    Set<String> live = TableHistory.live(spark, path);
    List<Path> gone = TableHistory.unreferencedFiles(spark, path, live, false);
    if (gone.isEmpty()) {
      return 0; // vacuumed before, or never rewritten: its log names no deleted file's statistics either
    }
    int deleted = 0;
    try {
      FileSystem fs = new Path(path).getFileSystem(spark.sessionState().newHadoopConf());
      for (Path p : gone) {
        if (fs.delete(p, false)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot delete the unreferenced files of " + path + ": " + e.getMessage()
          + " (check the storage root's permissions, then run the same erasure again)", e);
    }
    // the files are gone, but the log still names their min/max values (a lead id among them)
    DeltaLogScrub.scrub(spark, path, live);
    return deleted;
  }
}
