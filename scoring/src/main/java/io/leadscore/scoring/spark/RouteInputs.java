package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.REP_ID;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.*;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.errors.ScoringErrors;
import io.leadscore.scoring.routing.LeadToRoute;
import io.leadscore.scoring.routing.Rep;
import io.leadscore.scoring.routing.RoutingSettings;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the route stage reads for a date, as plain values for {@link io.leadscore.scoring.routing.RoutingPolicy}:
 * the team of the latest {@code reps} export up to the date, the date's scored leads with their territory and
 * current owner (the CRM's owner column when configured, else the rep routing assigned last before the date),
 * and each rep's open leads (scored leads they own).
 */
final class RouteInputs {
  /** @param leads the leads of the routed tiers; openLeads per rep: every scored (open) lead they own */
  record Inputs(List<Rep> reps, List<LeadToRoute> leads, Map<String, Integer> openLeads) {}

  private final SparkSession spark;
  private final Tables tables;

  RouteInputs(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  private Dataset<Row> table(Table t) {
    String path = tables.path(t);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
  }

  /** The team as of {@code date}: the rows of the latest reps export delivered up to that day. */
  List<Rep> reps(LocalDate date) {
    Dataset<Row> reps = table(Table.REPS);
    if (reps == null) {
      return List.of();
    }
    Column upTo = col("updated_at").lt(lit(Date.valueOf(date.plusDays(1))).cast("timestamp"));
    Row latest = reps.filter(upTo).agg(max(to_date(col("updated_at")))).first();
    if (latest.isNullAt(0)) {
      return List.of();
    }
    List<Rep> out = new ArrayList<>();
    for (Row r : reps.filter(upTo.and(to_date(col("updated_at")).equalTo(lit(latest.getDate(0)))))
        .select(REP_ID, "name", "territories", "weight", "daily_capacity", "max_open_leads", "away_from", "away_to")
        .orderBy(REP_ID).collectAsList()) {
      Set<String> territories = new HashSet<>();
      Arrays.stream(r.getString(2).split("\\|")).map(String::trim).filter(t -> !t.isEmpty()).forEach(territories::add);
      out.add(new Rep(r.getString(0), r.getString(1), territories, r.getInt(3), r.getInt(4), r.getInt(5),
          away(r.getString(0), r.getString(6), r.getString(7))));
    }
    return out;
  }

  /** The days of an absence, both ends included; none when either end is empty. */
  static Set<LocalDate> away(String rep, String from, String to) {
    if (from == null || to == null || from.isBlank() || to.isBlank()) {
      return Set.of();
    }
    try {
      LocalDate f = LocalDate.parse(from.trim());
      LocalDate t = LocalDate.parse(to.trim());
      if (t.isBefore(f) || t.isAfter(f.plusYears(1))) {
        throw ScoringErrors.of("Rep '%s' is away from %s to %s: the end must be on or after the start, within a year",
            rep, from, to);
      }
      Set<LocalDate> days = new HashSet<>();
      f.datesUntil(t.plusDays(1)).forEach(days::add);
      return days;
    } catch (DateTimeParseException e) {
      throw ScoringErrors.of("Rep '%s' has away dates '%s' to '%s': write them as yyyy-MM-dd", rep, from, to);
    }
  }

  Inputs read(LocalDate date, RoutingSettings s, List<Rep> reps) {
    Dataset<Row> scores = table(Table.LEAD_SCORES);
    Dataset<Row> leads = table(Table.LEADS);
    if (scores == null || leads == null) {
      return new Inputs(reps, List.of(), Map.of());
    }
    if (!Arrays.asList(leads.columns()).contains(s.territoryColumn())) {
      throw ScoringErrors.of("'leadscore.routing.territory_column' is '%s' but silver leads has no such column "
          + "(columns: %s)", s.territoryColumn(), Arrays.toString(leads.columns()));
    }
    boolean crmOwner = !s.ownerColumn().isEmpty() && Arrays.asList(leads.columns()).contains(s.ownerColumn());
    Dataset<Row> today = scores.filter(col(SCORE_DATE).equalTo(lit(Date.valueOf(date))))
        .select(LEAD_ID, TIER, SCORE);
    Dataset<Row> joined = today.join(leads.select(col(LEAD_ID), col(s.territoryColumn()).as("_territory"),
        crmOwner ? col(s.ownerColumn()).cast("string").as("_crm_owner") : lit(null).cast("string").as("_crm_owner")),
        LEAD_ID, "left");
    Dataset<Row> previous = table(Table.ASSIGNMENTS);
    if (previous != null) {
      // the rep assigned or kept last before this date: a re-run of the date reads the same
      Dataset<Row> last = previous.filter(col("date").lt(lit(Date.valueOf(date))).and(col(REP_ID).isNotNull()))
          .groupBy(LEAD_ID).agg(max(struct(col("date"), col(REP_ID))).as("_last"))
          .select(col(LEAD_ID), col("_last.rep_id").as("_routed_owner"));
      joined = joined.join(last, LEAD_ID, "left");
    } else {
      joined = joined.withColumn("_routed_owner", lit(null).cast("string"));
    }
    List<LeadToRoute> routed = new ArrayList<>();
    Map<String, Integer> open = new HashMap<>();
    for (Row r : joined.select(col(LEAD_ID), col(TIER), col(SCORE), col("_territory"),
        coalesce(col("_crm_owner"), col("_routed_owner")).as("owner")).collectAsList()) {
      String owner = r.getString(4);
      if (owner != null) {
        open.merge(owner, 1, Integer::sum);
      }
      if (s.tiers().contains(r.getString(1))) {
        routed.add(new LeadToRoute(r.getString(0), r.getString(1), r.isNullAt(3) ? "" : r.get(3).toString(), owner,
            r.getInt(2)));
      }
    }
    return new Inputs(reps, routed, open);
  }
}
