package io.leadscore.cli;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.ingest.SourceMapping;
import io.leadscore.features.runs.JobSummary;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.training.registry.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/** The score stage. */
final class ScoreStage implements Stage {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public JobSummary run(Context ctx) {
    long t0 = System.nanoTime();
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = CrmSinks.from(s.writeback(), ctx.date);
    ScoreResult r = new ScoreJob(ctx.spark(), ctx.tables, FeatureCatalog.forRun(ctx.config, ctx.tables),
        ModelRegistry.local(ctx.tables.modelsDir()))
        .outcomeColumn(SourceMapping.labelled(ctx.config).map(SourceMapping::outcome).orElse(null))
        .run(ctx.date, s, sink, ctx.runId);
    JobSummary summary = new JobSummary().put("scored", r.scored()).put("by_tier", r.byTier())
        .put("by_arm", r.byArm()).put("not_scored", r.notScored())
        .put("changed", r.changed()).put("unchanged", r.unchanged())
        .put("delivered", r.delivered()).put("failed", r.failed()).put("pending", r.pending())
        .put("scores_table", ctx.tables.path(io.leadscore.features.Tables.Table.LEAD_SCORES))
        .put("crm_sink", s.sink()).put("crm_target", r.target());
    // which versions scored (train's trained_version is another key: nightly keeps both)
    Map<String, Object> scoredWith = new LinkedHashMap<>();
    scoredWith.put("champion", r.modelVersion());
    if (r.challengerVersion() != null) {
      scoredWith.put("challenger", r.challengerVersion());
    }
    summary.put("scored_with", scoredWith);
    if (!r.errors().isEmpty()) {
      summary.put("crm_errors", r.errors());
    }
    return summary.put("score_seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
  }
}
