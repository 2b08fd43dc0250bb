package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.CLOSED_AT;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.REP_ID;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.gold.spark.ClosedLeads;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.RepLeaderboard;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what the reps' leaderboard counts, one row per lead and rep ({@link RepLeaderboard.Assigned}): the leads
 * routing assigned in the window (the first assignment of a lead to a rep), the rep's name from the reps export,
 * the lead's first contact activity at or after the assignment date, and whether the lead converted (won) since.
 * Spark only reads and joins; {@link RepLeaderboard} counts.
 */
final class LeaderboardInputs {
  private final SparkSession spark;
  private final Tables tables;

  LeaderboardInputs(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  private Dataset<Row> table(Table t) {
    String path = tables.path(t);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
  }

  /** Empty when nothing was routed (no assignments table, or none in the window). */
  List<RepLeaderboard.Assigned> read(LocalDate date, MonitorSettings.Leaderboard s) {
    Dataset<Row> assignments = table(Table.ASSIGNMENTS);
    if (assignments == null) {
      return List.of();
    }
    Date from = Date.valueOf(date.minusDays(s.windowDays() - 1L));
    // what happened before the report date: a nightly for D reads the exports up to the start of D
    Date end = Date.valueOf(date);
    Dataset<Row> a = assignments.filter(col("outcome").equalTo("assigned").and(col(REP_ID).isNotNull())
            .and(col("date").geq(lit(from))).and(col("date").leq(lit(Date.valueOf(date)))))
        .groupBy(LEAD_ID, REP_ID).agg(min(struct(col("date"), col(TIER))).as("_first"))
        .select(col(LEAD_ID), col(REP_ID), col("_first.date").as("assigned_on"), col("_first.tier").as(TIER));
    Dataset<Row> reps = table(Table.REPS);
    a = reps == null ? a.withColumn("name", lit(null).cast("string")) : a.join(reps.groupBy(REP_ID)
        .agg(max(struct(col("updated_at"), col("name"))).as("_n")).select(col(REP_ID), col("_n.name").as("name")),
        REP_ID, "left");
    Dataset<Row> activities = table(Table.ACTIVITIES);
    if (activities != null) {
      Dataset<Row> contacts = activities.filter(lower(col("activity_type")).isin(s.contactTypes().toArray())
              .and(col("occurred_at").lt(lit(end).cast("timestamp"))))
          .select(col(LEAD_ID).as("c_lead_id"), col("occurred_at"));
      Dataset<Row> first = a.select(LEAD_ID, REP_ID, "assigned_on").join(contacts,
              col(LEAD_ID).equalTo(col("c_lead_id")).and(col("occurred_at").geq(col("assigned_on").cast("timestamp"))))
          .groupBy(LEAD_ID, REP_ID).agg(min("occurred_at").as("first_contact"));
      a = a.join(first, new String[] {LEAD_ID, REP_ID}, "left");
    } else {
      a = a.withColumn("first_contact", lit(null).cast("timestamp"));
    }
    Dataset<Row> opportunities = table(Table.OPPORTUNITIES);
    if (opportunities != null) {
      Dataset<Row> won = opportunities.filter(ClosedLeads.won().and(col(CLOSED_AT).lt(lit(end).cast("timestamp"))))
          .select(col(LEAD_ID).as("w_lead_id"), col(CLOSED_AT));
      Dataset<Row> converted = a.select(LEAD_ID, REP_ID, "assigned_on").join(won,
              col(LEAD_ID).equalTo(col("w_lead_id")).and(col(CLOSED_AT).geq(col("assigned_on").cast("timestamp"))))
          .select(LEAD_ID, REP_ID).distinct().withColumn("converted", lit(true));
      a = a.join(converted, new String[] {LEAD_ID, REP_ID}, "left");
    } else {
      a = a.withColumn("converted", lit(false));
    }
    List<RepLeaderboard.Assigned> out = new ArrayList<>();
    for (Row r : a.select(REP_ID, "name", LEAD_ID, TIER, "assigned_on", "first_contact", "converted")
        .collectAsList()) {
      out.add(new RepLeaderboard.Assigned(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
          r.getDate(4).toLocalDate(), r.isNullAt(5) ? null : r.getTimestamp(5).toInstant(),
          !r.isNullAt(6) && r.getBoolean(6)));
    }
    return out;
  }
}
