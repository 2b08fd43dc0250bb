package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import org.apache.spark.sql.SparkSession;

/** The ingest's last step: raw PII lives in bronze only; bronze keeps {@code bronze_retention_days} of batches. */
final class PurgeBronze {
  private final SparkSession spark;
  private final Tables tables;

  PurgeBronze(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  void run(IngestSpec spec) {
    if (spec.bronzeRetentionDays() <= 0) {
      return; // 0: keep every batch
    }
    java.sql.Date cutoff = java.sql.Date.valueOf(spec.batchDate().minusDays(spec.bronzeRetentionDays()));
    for (SourceMapping m : spec.sources()) {
      String path = tables.path(Table.bronzeOf(m.silver().table()));
      if (DeltaTable.isDeltaTable(spark, path)) {
        DeltaTable.forPath(spark, path).delete(col("_batch_date").lt(lit(cutoff)));
      }
    }
  }
}
