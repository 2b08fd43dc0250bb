package io.leadscore.features.consent.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The one place later stages read consent from. The consent table keeps the history of opt-ins and
 * opt-outs; a lead is excluded as of D when its latest profiling (or "all") change before D is an opt-out.
 */
public final class Consent {
  public static final String PROFILING = "profiling";

  private Consent() {}

  /**
   * Of the given (lead_id, as_of_date) pairs, those whose consent forbids profiling as of that date.
   */
  public static Dataset<Row> optedOut(SparkSession spark, Tables tables, Dataset<Row> leadDates) {
    String path = tables.path(Table.CONSENT);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return leadDates.limit(0).select("lead_id", "as_of_date");
    }
    Dataset<Row> changes = spark.read().format("delta").load(path)
        .filter(lower(col("channel")).isin(PROFILING, "all"))
        .select(col("lead_id").as("c_lead"), col("status"), col("changed_at"));
    return leadDates.select("lead_id", "as_of_date")
        .join(changes, col("lead_id").equalTo(col("c_lead"))
            .and(col("changed_at").lt(col("as_of_date").cast("timestamp"))))
        .withColumn("_rank", row_number().over(Window.partitionBy("lead_id", "as_of_date")
            .orderBy(col("changed_at").desc(), col("status").desc())))
        .filter(col("_rank").equalTo(1).and(lower(col("status")).equalTo("opt_out")))
        .select("lead_id", "as_of_date");
  }
}
