package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.CREATED_AT;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.gold.spark.ClosedLeads;
import io.leadscore.scoring.NotScoredReason;
import io.leadscore.scoring.spark.ApplyConsent.EligibleLeads;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scoring step 5: every lead in silver that was not scored, by reason (converted, lost, created after the
 * batch date, no features, no consent), so scored + not scored = every lead in silver.
 */
final class CountNotScored {
  /** Leads not scored, by reason. */
  record NotScored(Map<String, Long> byReason) {}

  private final SparkSession spark;
  private final Tables tables;
  private final String outcomeColumn;
  private final String keyColumn;

  /** @param outcomeColumn for a static labelled export, the silver column that says a lead converted (or null) */
  CountNotScored(SparkSession spark, Tables tables, String outcomeColumn, String keyColumn) {
    this.spark = spark;
    this.tables = tables;
    this.outcomeColumn = outcomeColumn;
    this.keyColumn = keyColumn;
  }

  NotScored run(LocalDate date, EligibleLeads consent) {
    Column ts = lit(Date.valueOf(date)).cast("timestamp");
    Dataset<Row> leads = SilverLeads.read(spark, tables, keyColumn);
    List<String> leadColumns = Arrays.asList(leads.columns());
    Dataset<Row> closed = closed(leads, leadColumns, ts);
    Column created = leadColumns.contains(CREATED_AT) ? col(CREATED_AT) : lit(null).cast("timestamp");
    Dataset<Row> missing = leads.select(col(LEAD_ID), created.as(CREATED_AT))
        .join(consent.features().select(LEAD_ID), new String[] {LEAD_ID}, "left_anti")
        .join(closed, new String[] {LEAD_ID}, "left")
        .select(when(col("won").equalTo(1), NotScoredReason.CONVERTED.key())
            .when(col("won").equalTo(0), NotScoredReason.LOST.key())
            .when(col(CREATED_AT).geq(ts), NotScoredReason.CREATED_AFTER_BATCH_DATE.key())
            .otherwise(NotScoredReason.NO_FEATURES.key()).as("reason"));
    Map<String, Long> out = new TreeMap<>();
    for (Row r : missing.groupBy("reason").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    long noConsent = consent.noConsent().count();
    if (noConsent > 0) {
      out.put(NotScoredReason.NO_CONSENT.key(), noConsent);
    }
    return new NotScored(out);
  }

  /**
   * The leads closed before the batch date, with {@code won} 1 (converted) or 0 (lost): from the opportunities
   * where there are any, else from a static export's outcome column, else none.
   */
  private Dataset<Row> closed(Dataset<Row> leads, List<String> leadColumns, Column ts) {
    if (DeltaTable.isDeltaTable(spark, tables.path(Table.OPPORTUNITIES))) {
      return spark.read().format("delta").load(tables.path(Table.OPPORTUNITIES))
          .filter(ClosedLeads.closedBefore(ts))
          .groupBy(LEAD_ID).agg(max(ClosedLeads.wonFlag()).as("won"));
    } else if (outcomeColumn != null && leadColumns.contains(outcomeColumn)) {
      // a static labelled export has no opportunities: its outcome column says who already converted
      return leads.filter(col(outcomeColumn).cast("int").equalTo(1)).select(col(LEAD_ID), lit(1).as("won"));
    }
    return leads.select(col(LEAD_ID), lit(null).cast("int").as("won")).limit(0);
  }
}
