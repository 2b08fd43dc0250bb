package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.delta.tables.DeltaTable;
import java.util.List;
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
    return merge(spark, source, path, on, updateWhen, List.of());
  }

  /**
   * As {@link #merge(SparkSession, Dataset, String, String, String)}; a new table collects Delta statistics only on
   * {@code statsColumns} (empty: Delta's default, the first 32 columns).
   */
  static long merge(SparkSession spark, Dataset<Row> source, String path, String on, String updateWhen,
                    List<String> statsColumns) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      create(spark, source, path, statsColumns);
      source.write().format("delta").mode("append").save(path);
      return lastMetric(spark, path, "numOutputRows");
    }
    var merge = DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), on);
    if (updateWhen != null) {
      merge = merge.whenMatched(updateWhen).updateAll();
    }
    merge.whenNotMatched().insertAll().execute();
    return lastMetric(spark, path, "numSourceRows");
  }

  /**
   * Facts (append-only rows) into their table: Delta's documented insert-only MERGE for logs, its match bounded
   * to the delivery's own time range ({@code t.time BETWEEN min AND max} of the source, not the nominal day: a
   * late fact still lands), so Delta's data skipping reads only the target files of that range. A new table is
   * written ordered by time (each file one slice of it), so that later nights skip the history. Returns the
   * number of source rows.
   */
  static long appendFacts(SparkSession spark, Dataset<Row> source, String path, String on, String time,
                          List<String> statsColumns) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      create(spark, source, path, statsColumns);
      source.repartitionByRange(col(time)).sortWithinPartitions(col(time)).write().format("delta")
          .mode("append").save(path);
      return lastMetric(spark, path, "numOutputRows");
    }
    // as text in the session's time zone, which the literals below are read in
    Row range = source.agg(min(col(time)).cast("string"), max(col(time)).cast("string")).first();
    if (range.isNullAt(0)) {
      return 0;
    }
    String bounded = String.format("%s AND t.`%s` >= timestamp'%s' AND t.`%s` <= timestamp'%s'", on, time,
        range.getString(0), time, range.getString(1));
    DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), bounded).whenNotMatched().insertAll().execute();
    return lastMetric(spark, path, "numSourceRows");
  }

  /** An empty table with the source's (nullable) columns and, if given, the columns that get statistics. */
  private static void create(SparkSession spark, Dataset<Row> source, String path, List<String> statsColumns) {
    if (statsColumns.isEmpty()) {
      return;
    }
    String qualified = BronzeStats.qualified(spark, path);
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType(
        java.util.Arrays.stream(source.schema().fields()).map(f -> f.copy(f.name(), f.dataType(), true, f.metadata()))
            .toArray(org.apache.spark.sql.types.StructField[]::new));
    DeltaTable.createIfNotExists(spark).location(qualified).addColumns(schema)
        .property(BronzeStats.PROPERTY, String.join(",", statsColumns)).execute();
  }

  private static long lastMetric(SparkSession spark, String path, String metric) {
    Row h = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    scala.collection.Map<String, String> metrics = h.getMap(0);
    return metrics.contains(metric) ? Long.parseLong(metrics.apply(metric)) : 0;
  }
}
