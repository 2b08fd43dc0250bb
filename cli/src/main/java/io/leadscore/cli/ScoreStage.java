package io.leadscore.cli;

import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.scoring.writeback.ConfiguredSink;
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
    ConfiguredSink.check(ScoringSettings.from(ctx.config).writeback());
  }

  @Override
  public JobSummary run(Context ctx) {
    long t0 = System.nanoTime();
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = ConfiguredSink.from(s.writeback());
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
    crmFailures(summary, r);
    return summary.put("score_seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
  }

  /**
   * The CRM failures as the summary tells them, and the run's problems: counts by kind and the batch keys, never
   * lead ids or the CRM's answers (the summary is kept in job_runs and the report for good, and `leadscore erase`
   * reaches neither).
   */
  static JobSummary crmFailures(JobSummary summary, ScoreResult r) {
    if (!r.errorKinds().isEmpty()) {
      summary.put("crm_error_kinds", r.errorKinds()).put("crm_failed_batches", r.failedBatchKeys());
    }
    r.problems().forEach(summary::problem);
    return summary;
  }
}
