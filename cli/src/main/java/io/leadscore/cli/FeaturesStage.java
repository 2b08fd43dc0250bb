package io.leadscore.cli;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.SnapshotPlan;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.features.runs.JobSummary;

/** The features stage. */
final class FeaturesStage implements Stage {
  @Override
  public String name() {
    return "features";
  }

  @Override
  public JobSummary run(Context ctx) {
    var f = ctx.features;
    FeatureJob.Result r = new FeatureJob(ctx.spark(), ctx.tables, FeatureCatalog.standard())
        .run(new SnapshotPlan(ctx.date, f.horizonDays(), f.cadenceDays(), f.lookbackDays()));
    return new JobSummary().put("feature_rows", r.featureRowsToday()).put("training_rows", r.trainingRows())
        .put("training_snapshots", r.snapshots()).put("training_positive_rate", Stages.round(r.positiveRate()));
  }
}
