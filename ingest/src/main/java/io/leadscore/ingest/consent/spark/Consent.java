package io.leadscore.ingest.consent.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestErrors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The one place later stages read consent from. The consent table keeps the history of opt-ins and
 * opt-outs as an append-only audit trail (nothing here writes it). Two views of it:
 * <ul>
 *   <li>{@link #optedOut}: as of a snapshot date D (changes before D), for features and training sets, so a
 *       snapshot never depends on what happened after it;</li>
 *   <li>{@link #blockedAtRun}: every change ingested up to the run, for scoring and the CRM, so an opt-out
 *       received after D (but before the run) is honoured at once.</li>
 * </ul>
 */
public final class Consent {
  public static final String PROFILING = "profiling";
  /** The reason a lead is not scored and its delivered score is cleared, as the CRM shows it. */
  public static final String OPTED_OUT = "opted out";
  public static final String EXPIRED = "consent expired";

  /** The statuses that are a consent change; anything else (only in tables written before ingest checked it) is not. */
  public static final String OPT_IN = "opt_in";
  public static final String OPT_OUT = "opt_out";

  private Consent() {}

  /**
   * The consent table's changes with channel and status normalised as the consent mapping does (trim, lower case,
   * '-' and spaces as '_'), limited to profiling (or "all") and to known statuses. Ingest quarantines any other
   * status; rows written before it did are read the same way, so that "Opt-Out" still blocks and an unknown
   * status never counts as the latest change.
   */
  private static Dataset<Row> profilingChanges(SparkSession spark, String path) {
    return spark.read().format("delta").load(path)
        .withColumn("channel", normalised("channel"))
        .withColumn("status", normalised("status"))
        .filter(col("channel").isin(PROFILING, "all").and(col("status").isin(OPT_IN, OPT_OUT)));
  }

  private static org.apache.spark.sql.Column normalised(String column) {
    return regexp_replace(lower(trim(col(column))), io.leadscore.ingest.SourceMapping.Column.UNDERSCORED, "_");
  }

  /**
   * Of the given (lead_id, as_of_date) pairs, those whose consent forbids profiling as of that date.
   */
  public static Dataset<Row> optedOut(SparkSession spark, Tables tables, Dataset<Row> leadDates) {
    String path = tables.path(Table.CONSENT);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return leadDates.limit(0).select(LEAD_ID, AS_OF_DATE);
    }
    Dataset<Row> changes = profilingChanges(spark, path)
        .select(col(LEAD_ID).as("c_lead"), col("status"), col("changed_at"));
    return leadDates.select(LEAD_ID, AS_OF_DATE)
        .join(changes, col(LEAD_ID).equalTo(col("c_lead"))
            .and(col("changed_at").lt(col(AS_OF_DATE).cast("timestamp"))))
        .withColumn("_rank", row_number().over(Window.partitionBy(LEAD_ID, AS_OF_DATE)
            .orderBy(col("changed_at").desc(), col("status").desc())))
        .filter(col("_rank").equalTo(1).and(col("status").equalTo(OPT_OUT)))
        .select(LEAD_ID, AS_OF_DATE);
  }

  /**
   * Of the given leads, those that may not be profiled now, with the reason: the latest profiling (or "all")
   * change ingested so far is an opt-out ({@link #OPTED_OUT}), or an opt-in older than {@code maxAgeDays}
   * that no newer opt-in renewed ({@link #EXPIRED}; {@code maxAgeDays} 0 = consent never expires).
   *
   * @param leads a dataset with a {@code lead_id} column
   * @return columns {@code lead_id}, {@code reason}; one row per blocked lead
   */
  public static Dataset<Row> blockedAtRun(SparkSession spark, Tables tables, Dataset<Row> leads,
                                          java.time.Instant now, int maxAgeDays) {
    if (maxAgeDays < 0) {
      throw IngestErrors.mustBe("'leadscore.consent.max_age_days'", maxAgeDays,
          ">= 0 (0 = consent never expires)");
    }
    String path = tables.path(Table.CONSENT);
    Dataset<Row> ids = leads.select(LEAD_ID).distinct();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return ids.limit(0).select(col(LEAD_ID), lit(OPTED_OUT).as("reason"));
    }
    Dataset<Row> latest = profilingChanges(spark, path)
        .withColumn("_rank", row_number().over(Window.partitionBy(LEAD_ID)
            .orderBy(col("changed_at").desc(), col("status").desc())))
        .filter(col("_rank").equalTo(1))
        .select(col(LEAD_ID).as("c_lead"), col("status"), col("changed_at"));
    org.apache.spark.sql.Column expired = maxAgeDays == 0 ? lit(false)
        : col("status").equalTo(OPT_IN).and(col("changed_at")
            .lt(lit(java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays(maxAgeDays))))));
    return ids.join(latest, col(LEAD_ID).equalTo(col("c_lead")))
        .filter(col("status").equalTo(OPT_OUT).or(expired))
        .select(col(LEAD_ID), when(col("status").equalTo(OPT_OUT), lit(OPTED_OUT)).otherwise(lit(EXPIRED))
            .as("reason"));
  }

  /** {@code leadscore.consent.max_age_days}, validated. */
  public static int maxAgeDays(com.typesafe.config.Config c) {
    int days = c.getInt("leadscore.consent.max_age_days");
    if (days < 0) {
      throw IngestErrors.mustBe("'leadscore.consent.max_age_days'", days,
          ">= 0 (0 = consent never expires)");
    }
    return days;
  }
}
