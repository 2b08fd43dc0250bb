package io.leadscore.cli;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.runs.JobSummary;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CsvOutboxSink;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.training.registry.ModelRegistry;
import java.nio.file.Path;

/** The score stage. */
final class ScoreStage implements Stage {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public JobSummary run(Context ctx) {
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = switch (s.sink()) {
      case "csv" -> new CsvOutboxSink(Path.of(s.outboxDir()), "crm_import_" + ctx.date + ".csv");
      default -> throw new io.leadscore.features.LeadscoreException("writeback sink '" + s.sink()
          + "' is not available yet in this build; use leadscore.writeback.sink = csv");
    };
    ScoreResult r = new ScoreJob(ctx.spark(), ctx.tables, FeatureCatalog.standard(),
        ModelRegistry.local(ctx.tables.modelsDir())).run(ctx.date, s, sink, ctx.runId);
    return new JobSummary().put("scored", r.scored()).put("by_tier", r.byTier()).put("not_scored", r.notScored())
        .put("delivered", r.delivered()).put("failed", r.failed()).put("scores_table",
            ctx.tables.path(io.leadscore.features.Tables.Table.LEAD_SCORES))
        .put("crm_target", r.target()).put("model_version", r.modelVersion());
  }
}
