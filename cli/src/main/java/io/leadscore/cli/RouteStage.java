package io.leadscore.cli;

import io.leadscore.core.Tables.Table;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.Problem;
import io.leadscore.scoring.routing.RoutingSettings;
import io.leadscore.scoring.spark.RouteJob;

/** The route stage: hot leads without an active owner to a rep, decisions in {@code assignments}. */
final class RouteStage implements Stage {
  @Override
  public String name() {
    return "route";
  }

  @Override
  public void validate(Context ctx) {
    RoutingSettings.from(ctx.config);
  }

  @Override
  public JobSummary run(Context ctx) {
    RoutingSettings s = RoutingSettings.from(ctx.config);
    RouteJob.Result r = new RouteJob(ctx.spark(), ctx.tables).run(ctx.date, s, ctx.runId);
    JobSummary summary = new JobSummary().put("routed_tiers", s.tiers()).put("reps", r.reps())
        .put("assigned", r.assigned()).put("kept_owner", r.kept()).put("fallback_queue", r.queued())
        .put("assigned_by_rep", r.assignedByRep())
        .put("assignments_table", ctx.tables.path(Table.ASSIGNMENTS));
    if (r.queued() > 0) {
      summary.problem(Problem.of(Problem.ROUTING_QUEUED, "assignments", String.format("%d leads of tiers %s found "
          + "no rep at work with room (fallback queue, by territory: %s). Add reps or capacity for those territories "
          + "in the reps export, or route fewer tiers (leadscore.routing.tiers)", r.queued(), s.tiers(),
          r.queuedByTerritory())));
    }
    return summary;
  }
}
