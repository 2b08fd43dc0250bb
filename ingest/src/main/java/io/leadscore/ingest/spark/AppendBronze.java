package io.leadscore.ingest.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 7, per file, last: the file's rows as read (raw PII included) appended to bronze. Its rows mark the file
 * as ingested, so a crash before this step redoes the file (quarantine and silver are idempotent MERGEs).
 */
final class AppendBronze {
  private final SparkSession spark;

  AppendBronze(SparkSession spark) {
    this.spark = spark;
  }

  void run(String bronzePath, io.leadscore.ingest.SourceMapping m, StageFile.Staged staged) {
    Dataset<Row> rows = Validation.withoutCleanAndTyped(m, staged.rows()).drop("_violations");
    BronzeStats.prepare(spark, bronzePath, rows);
    rows.write().format("delta").mode("append").option("mergeSchema", "true").save(bronzePath);
  }
}
