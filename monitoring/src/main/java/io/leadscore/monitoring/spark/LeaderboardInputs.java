package io.leadscore.monitoring.spark;

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
    Dataset<Row> a = assignments.filter(col("outcome").equalTo("assigned").and(col("rep_id").isNotNull())
            .and(col("date").geq(lit(from))).and(col("date").leq(lit(Date.valueOf(date)))))
        .groupBy("lead_id", "rep_id").agg(min(struct(col("date"), col("tier"))).as("_first"))
        .select(col("lead_id"), col("rep_id"), col("_first.date").as("assigned_on"), col("_first.tier").as("tier"));
    Dataset<Row> reps = table(Table.REPS);
    a = reps == null ? a.withColumn("name", lit(null).cast("string")) : a.join(reps.groupBy("rep_id")
        .agg(max(struct(col("updated_at"), col("name"))).as("_n")).select(col("rep_id"), col("_n.name").as("name")),
        "rep_id", "left");
    Dataset<Row> activities = table(Table.ACTIVITIES);
    if (activities != null) {
      Dataset<Row> contacts = activities.filter(lower(col("activity_type")).isin(s.contactTypes().toArray())
              .and(col("occurred_at").lt(lit(end).cast("timestamp"))))
          .select(col("lead_id").as("c_lead_id"), col("occurred_at"));
      Dataset<Row> first = a.select("lead_id", "rep_id", "assigned_on").join(contacts,
              col("lead_id").equalTo(col("c_lead_id")).and(col("occurred_at").geq(col("assigned_on").cast("timestamp"))))
          .groupBy("lead_id", "rep_id").agg(min("occurred_at").as("first_contact"));
      a = a.join(first, new String[] {"lead_id", "rep_id"}, "left");
    } else {
      a = a.withColumn("first_contact", lit(null).cast("timestamp"));
    }
    Dataset<Row> opportunities = table(Table.OPPORTUNITIES);
    if (opportunities != null) {
      Dataset<Row> won = opportunities.filter(ClosedLeads.won().and(col("closed_at").lt(lit(end).cast("timestamp"))))
          .select(col("lead_id").as("w_lead_id"), col("closed_at"));
      Dataset<Row> converted = a.select("lead_id", "rep_id", "assigned_on").join(won,
              col("lead_id").equalTo(col("w_lead_id")).and(col("closed_at").geq(col("assigned_on").cast("timestamp"))))
          .select("lead_id", "rep_id").distinct().withColumn("converted", lit(true));
      a = a.join(converted, new String[] {"lead_id", "rep_id"}, "left");
    } else {
      a = a.withColumn("converted", lit(false));
    }
    List<RepLeaderboard.Assigned> out = new ArrayList<>();
    for (Row r : a.select("rep_id", "name", "lead_id", "tier", "assigned_on", "first_contact", "converted")
        .collectAsList()) {
      out.add(new RepLeaderboard.Assigned(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
          r.getDate(4).toLocalDate(), r.isNullAt(5) ? null : r.getTimestamp(5).toInstant(),
          !r.isNullAt(6) && r.getBoolean(6)));
    }
    return out;
  }
}
