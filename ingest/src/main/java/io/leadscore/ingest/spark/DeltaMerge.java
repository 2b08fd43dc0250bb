package io.leadscore.ingest.spark;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The idempotent write of quarantine and silver: a re-run after a crash writes the same rows again harmlessly. */
final class DeltaMerge {
  private DeltaMerge() {}

  /**
   * Into a new table: a plain write. Else MERGE: insert new keys; update matched ones only when
   * {@code updateWhen} holds (null: never update). Returns the number of source rows (from Delta's commit
   * metrics, so the data is not counted twice).
   */
  static long merge(SparkSession spark, Dataset<Row> source, String path, String on, String updateWhen) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      source.write().format("delta").save(path);
      return lastMetric(spark, path, "numOutputRows");
    }
    var merge = DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), on);
    if (updateWhen != null) {
      merge = merge.whenMatched(updateWhen).updateAll();
    }
    merge.whenNotMatched().insertAll().execute();
    return lastMetric(spark, path, "numSourceRows");
  }

  private static long lastMetric(SparkSession spark, String path, String metric) {
    Row h = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    scala.collection.Map<String, String> metrics = h.getMap(0);
    return metrics.contains(metric) ? Long.parseLong(metrics.apply(metric)) : 0;
  }
}
