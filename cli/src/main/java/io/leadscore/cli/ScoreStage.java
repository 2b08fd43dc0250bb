package io.leadscore.cli;

import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.models.registry.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/** The score stage. */
final class ScoreStage implements Stage {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public void validate(Context ctx) {
    CrmSinks.check(ScoringSettings.from(ctx.config).writeback());
  }

  @Override
  public JobSummary run(Context ctx) {
    long t0 = System.nanoTime();
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = CrmSinks.from(s.writeback());
    ScoreResult r = new ScoreJob(ctx.spark(), ctx.tables, GoldFiles.catalogForRun(ctx.config, ctx.tables),
        ModelRegistry.local(ctx.tables.modelsDir()))
        .outcomeColumn(SourceMapping.labelled(ctx.config).map(m -> m.silver().outcome()).orElse(null))
        .keyColumn(SourceMapping.labelled(ctx.config).map(m -> m.keyColumns().get(0)).orElse(null))
        .run(ctx.date, s, sink, ctx.runId);
    JobSummary summary = new JobSummary().put("scored", r.scored()).put("by_tier", r.byTier())
        .put("tier_mode", r.tierMode())
        .put("by_arm", r.byArm()).put("not_scored", r.notScored())
        .put("changed", r.changed()).put("unchanged", r.unchanged())
        .put("delivered", r.delivered()).put("failed", r.failed()).put("pending", r.pending())
        .put("held_back", r.heldBack()).put("cleared", r.cleared()).put("resent", r.resent())
        .put("scores_table", ctx.tables.path(io.leadscore.core.Tables.Table.LEAD_SCORES))
        .put("crm_sink", s.sink()).put("crm_target", r.target());
    if (!r.tierRates().isEmpty()) {
      // each tier's conversion rate on the champion's training holdout
      summary.put("tier_conversion_holdout", r.tierRates());
    }
    // which versions scored (train's trained_version is another key: nightly keeps both)
    Map<String, Object> scoredWith = new LinkedHashMap<>();
    scoredWith.put("champion", r.modelVersion());
    if (r.challengerVersion() != null) {
      scoredWith.put("challenger", r.challengerVersion());
    }
    summary.put("scored_with", scoredWith);
    crmFailures(summary, r, s.sink());
    return summary.put("score_seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
  }

  /**
   * The CRM failures as the summary tells them, with the problems they make: counts by kind and the batch keys,
   * never lead ids or the CRM's answers (the summary is kept in job_runs and the report for good, and `leadscore
   * erase` reaches neither).
   */
  static JobSummary crmFailures(JobSummary summary, ScoreResult r, String sink) {
    if (!r.errorKinds().isEmpty()) {
      summary.put("crm_error_kinds", r.errorKinds()).put("crm_failed_batches", r.failedBatchKeys());
    }
    problems(r, sink).forEach(summary::problem);
    return summary;
  }

  /** What makes a scoring run degraded: undelivered CRM batches, or open leads and nothing scored. */
  static List<Problem> problems(ScoreResult r, String sink) {
    List<Problem> out = new ArrayList<>();
    String target = sink + " " + r.target();
    String errors = r.errorKinds().isEmpty() ? "" : " Failed batches by kind: " + r.errorKinds() + ".";
    if (r.failed() > 0) {
      out.add(Problem.of(Problem.CRM_FAILED, target, String.format("%d of %d changed scores were not confirmed by "
          + "the CRM.%s They are offered again on the next run; fix the sink (see crm_error_kinds and crm_failed_batches) and run "
          + "`leadscore score` again", r.failed(), r.changed(), errors)));
    }
    if (r.pending() > 0) {
      out.add(Problem.of(Problem.CRM_PENDING, target, String.format("%d changed scores were not sent (the error "
          + "budget leadscore.writeback.error_budget was spent); they go out on the next run", r.pending())));
    }
    long open = r.notScored().entrySet().stream().filter(e -> !CLOSED.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    if (r.scored() == 0 && open > 0) {
      out.add(Problem.of(Problem.NOTHING_SCORED, "lead_scores", String.format("%d open leads, none scored (not "
          + "scored by reason: %s). Run `leadscore features` for the batch date first", open, r.notScored())));
    }
    return out;
  }

  /** Reasons that leave a lead rightly unscored: it is not open, or it may not be scored. */
  private static final Set<String> CLOSED = Set.of("converted", "lost", "no_consent", "created_after_batch_date");
}
