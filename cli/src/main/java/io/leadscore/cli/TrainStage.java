package io.leadscore.cli;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.runs.JobSummary;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.metrics.FoldMetrics;
import io.leadscore.training.registry.ModelRegistry;
import io.leadscore.training.spark.TrainJob;
import java.util.List;

/** The train stage. */
final class TrainStage implements Stage {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public JobSummary run(Context ctx) {
    TrainingSettings s = TrainingSettings.from(ctx.config);
    TrainResult r = new TrainJob(ctx.spark(), ctx.tables, FeatureCatalog.standard(),
        ModelRegistry.local(ctx.tables.modelsDir())).run(s, ctx.features.horizonDays());
    List<Double> foldAucs = r.folds().stream().map(x -> Stages.round(x.auc())).toList();
    return new JobSummary().put("train_rows", r.trainRows()).put("holdout_rows", r.holdoutRows())
        .put("cv_auc", Stages.round(r.cvAuc())).put("cv_auc_std", Stages.round(r.cvAucStd())).put("cv_fold_auc", foldAucs)
        .put("holdout_auc", Stages.round(r.holdout().auc()))
        .put("precision_at_20", Stages.round(r.holdout().precisionAtTop()))
        .put("lift_at_20", Stages.round(r.holdout().liftAtTop()))
        .put("cv_precision_at_20", Stages.round(FoldMetrics.mean(r.folds(), FoldMetrics::precisionAtTop)))
        .put("model_version", r.version()).put("promoted", r.promoted()).put("decision", r.decision());
  }
}
