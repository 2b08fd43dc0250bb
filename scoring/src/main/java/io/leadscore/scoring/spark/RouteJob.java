package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.REP_ID;
import static io.leadscore.core.Columns.TIER;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.routing.Assignment;
import io.leadscore.scoring.routing.Assignment.Outcome;
import io.leadscore.scoring.routing.LeadToRoute;
import io.leadscore.scoring.routing.Rep;
import io.leadscore.scoring.routing.RoutingPolicy;
import io.leadscore.scoring.routing.RoutingSettings;
import io.leadscore.scoring.routing.RoutingState;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The route stage: the date's scored leads of the routed tiers that have no active owner get a rep by
 * {@link RoutingPolicy}, and every decision (assigned, kept, queued) lands in {@code assignments} with its reason,
 * replacing that date only: a re-run of the date reads the same inputs (owners as of before the date) and writes
 * the same rows. The policy restarts its round robin credits each day (the day's split is exact; an absence never
 * leaves a debt).
 */
public final class RouteJob {
  /** What a run decided: counts by outcome, per rep the leads assigned today, and the team's size. */
  public record Result(int reps, long assigned, long kept, long queued, Map<String, Long> assignedByRep,
                       Map<String, Long> queuedByTerritory) {}

  static final StructType SCHEMA = new StructType().add(LEAD_ID, DataTypes.StringType, false)
      .add("date", DataTypes.DateType, false).add(TIER, DataTypes.StringType)
      .add("territory", DataTypes.StringType).add("outcome", DataTypes.StringType, false)
      .add(REP_ID, DataTypes.StringType).add("reason", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType);

  private final SparkSession spark;
  private final Tables tables;

  public RouteJob(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /**
   * Routes the date. Without a team (no reps export delivered up to the date, or an empty one) nothing is routed
   * or written and the result has {@code reps() == 0}: routing is off for a world without reps, not failing.
   */
  public Result run(LocalDate date, RoutingSettings settings, String runId) {
    RouteInputs in = new RouteInputs(spark, tables);
    List<Rep> reps = in.reps(date);
    if (reps.isEmpty()) {
      return new Result(0, 0, 0, 0, Map.of(), Map.of());
    }
    RouteInputs.Inputs inputs = in.read(date, settings, reps);
    Set<String> awayYesterday = new HashSet<>();
    reps.stream().filter(r -> !r.activeOn(date.minusDays(1))).forEach(r -> awayYesterday.add(r.id()));
    RoutingPolicy.Result r = new RoutingPolicy(reps).route(date, inputs.leads(),
        new RoutingState(inputs.openLeads(), Map.of(), awayYesterday));
    Map<String, LeadToRoute> byId = new HashMap<>();
    inputs.leads().forEach(l -> byId.put(l.leadId(), l));
    List<Row> rows = new ArrayList<>();
    Map<String, Long> byRep = new TreeMap<>();
    Map<String, Long> queued = new TreeMap<>();
    for (Assignment a : r.assignments()) {
      LeadToRoute l = byId.get(a.leadId());
      rows.add(RowFactory.create(a.leadId(), Date.valueOf(date), l.tier(), l.territory(),
          a.outcome().name().toLowerCase(java.util.Locale.ROOT), a.repId(), a.reason(), runId));
      if (a.outcome() == Outcome.ASSIGNED) {
        byRep.merge(a.repId(), 1L, Long::sum);
      } else if (a.outcome() == Outcome.QUEUED) {
        queued.merge(l.territory(), 1L, Long::sum);
      }
    }
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Overwrite).partitionBy("date")
        .option("replaceWhere", "date = '" + date + "'").save(tables.path(Table.ASSIGNMENTS));
    return new Result(reps.size(), r.count(Outcome.ASSIGNED), r.count(Outcome.KEPT), r.count(Outcome.QUEUED), byRep,
        queued);
  }
}
