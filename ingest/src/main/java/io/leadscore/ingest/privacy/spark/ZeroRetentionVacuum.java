package io.leadscore.ingest.privacy.spark;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Removes every data file the current version of a Delta table no longer references, now: what makes a DELETE
 * of personal data real on disk. Delta refuses a retention under 7 days unless its safety check is off, so the
 * check is switched off for this one call only. It ends time travel to versions before the call, on purpose.
 * Then the statistics of the removed files leave the Delta log ({@link DeltaLogScrub}).
 */
final class ZeroRetentionVacuum {
  private static final String CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private ZeroRetentionVacuum() {}

  static synchronized void vacuum(SparkSession spark, String path) {
    DeltaTable table = DeltaTable.forPath(spark, path);
    if (deletionVectors(table)) {
      // with deletion vectors a DELETE only marks rows: rewrite the files without them first
      spark.sql("REORG TABLE delta.`" + path.replace("`", "``") + "` APPLY (PURGE)");
    }
    String before = spark.conf().get(CHECK, "true");
    // VACUUM lists the table's folders in as many tasks as this setting (10,000 by default): on a small
    // local[*] session that was minutes of task overhead per table (measured under load on 2 cores)
    String listing = spark.conf().get(LISTING, "10000");
    spark.conf().set(CHECK, "false");
    spark.conf().set(LISTING, String.valueOf(Math.min(Integer.parseInt(listing),
        Math.max(8, 4 * spark.sparkContext().defaultParallelism()))));
    try {
      table.vacuum(0.0);
    } finally {
      spark.conf().set(CHECK, before);
      spark.conf().set(LISTING, listing);
    }
    // the files are gone, but the log still names their min/max values (a lead id among them)
    DeltaLogScrub.scrub(spark, path);
  }

  private static boolean deletionVectors(DeltaTable table) {
    Row d = table.detail().select("properties").first();
    scala.collection.Map<String, String> props = d.getMap(0);
    return props.contains("delta.enableDeletionVectors") && props.apply("delta.enableDeletionVectors").equals("true");
  }
}
