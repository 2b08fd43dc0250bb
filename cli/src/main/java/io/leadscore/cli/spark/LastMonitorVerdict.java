package io.leadscore.cli.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether the latest monitor run before a date (a {@code monitor} or {@code nightly} row of {@code job_runs}
 * whose summary has {@code retrain_recommended}) recommended retraining: what {@code schedule = on_drift}
 * trains on.
 */
public final class LastMonitorVerdict {
  private LastMonitorVerdict() {}

  public static Optional<Boolean> before(SparkSession spark, Tables tables, LocalDate date) {
    String path = tables.path(Table.JOB_RUNS);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    Row last = spark.read().format("delta").load(path)
        .filter(col("batch_date").lt(lit(Date.valueOf(date))))
        .withColumn("verdict", get_json_object(col("summary_json"), "$.retrain_recommended"))
        .filter(col("verdict").isNotNull())
        .orderBy(col("batch_date").desc(), col("finished_at").desc())
        .select("verdict").limit(1).collectAsList().stream().findFirst().orElse(null);
    return last == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(last.getString(0)));
  }
}
