package io.leadscore.core.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * Whether a Delta table has deletion vectors, and turning them on: what the features table's nightly MERGE writes
 * with, and what erasure must purge before its vacuum.
 */
public final class DeletionVectors {
  static final String PROPERTY = "delta.enableDeletionVectors";

  private DeletionVectors() {}

  /** From the snapshot's metadata: no Spark job (DESCRIBE DETAIL runs one). */
  public static boolean enabled(SparkSession spark, String path) {
    scala.collection.immutable.Map<String, String> conf = DeltaLog.forTable(spark, path)
        .update(false, scala.Option.empty(), scala.Option.empty()).metadata().configuration();
    return conf.contains(PROPERTY) && conf.apply(PROPERTY).equals("true");
  }

  /** Turns them on for the table at {@code path} (one metadata commit), unless they are on. */
  public static void enable(SparkSession spark, String path) {
    if (!enabled(spark, path)) {
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('" + PROPERTY + "' = 'true')");
    }
  }
}
