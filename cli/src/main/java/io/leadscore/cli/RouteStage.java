package io.leadscore.cli;

import io.leadscore.core.Tables.Table;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.Problem;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.routing.RoutingSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.spark.CrmOwnerWriteback;
import io.leadscore.scoring.spark.RouteJob;
import io.leadscore.scoring.writeback.Writeback;
import io.leadscore.scoring.writeback.ConfiguredSink;

/**
 * The route stage: hot leads without an active owner to a rep, decisions in {@code assignments}, and each new
 * owner delivered to the CRM through the configured sink (effectively once, never over a newer owner).
 */
final class RouteStage implements Stage {
  @Override
  public String name() {
    return "route";
  }

  @Override
  public void validate(Context ctx) {
    RoutingSettings.from(ctx.config);
    ConfiguredSink.check(ScoringSettings.from(ctx.config).writeback());
  }

  @Override
  public JobSummary run(Context ctx) {
    RoutingSettings s = RoutingSettings.from(ctx.config);
    RouteJob.Result r = new RouteJob(ctx.spark(), ctx.tables).run(ctx.date, s, ctx.runId);
    if (r.reps() == 0) {
      // a world without a sales team (X Education, a hand-made export): nothing to route, which is no problem
      return new JobSummary().put("reps", 0).put("route_skipped", "no reps export delivered up to " + ctx.date
          + " (leadscore.sources.reps, landing/reps/<date>/reps.csv): nothing routed, no owner sent");
    }
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
    deliverOwners(ctx, summary);
    return summary;
  }

  /** The date's new owners to the CRM, counted under {@code owners_*}; undelivered ones make the run degraded. */
  private static void deliverOwners(Context ctx, JobSummary summary) {
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = ConfiguredSink.from(s.writeback());
    if (!sink.carriesOwners()) {
      summary.put("owners_delivery", "off: set leadscore.writeback.jdbc.columns.owner to the CRM table's owner "
          + "column to deliver owners");
      return;
    }
    CrmOwnerWriteback.Result o = new CrmOwnerWriteback(ctx.spark(), ctx.tables, s.writeback(), ctx.runId)
        .deliver(sink, ctx.date);
    Writeback.Report w = o.report();
    summary.put("owners_changed", o.changed()).put("owners_delivered", w.delivered()).put("owners_failed", w.failed())
        .put("owners_pending", w.pending()).put("owners_held_back", o.heldBack()).put("owners_resent", w.resent());
    String target = s.sink() + " " + sink.target();
    if (!w.errorKinds().isEmpty()) {
      summary.put("crm_error_kinds", w.errorKinds()).put("crm_failed_batches", w.failedKeys());
    }
    if (w.failed() > 0) {
      summary.problem(Problem.of(Problem.CRM_FAILED, target, String.format("%d of %d new owners were not confirmed "
          + "by the CRM (failed batches by kind: %s). They are offered again on the next run; fix the sink and run "
          + "`leadscore route` again", w.failed(), o.changed(), w.errorKinds())));
    }
    if (w.pending() > 0) {
      summary.problem(Problem.of(Problem.CRM_PENDING, target, String.format("%d new owners were not sent (the error "
          + "budget leadscore.writeback.error_budget was spent); they go out on the next run", w.pending())));
    }
  }
}
