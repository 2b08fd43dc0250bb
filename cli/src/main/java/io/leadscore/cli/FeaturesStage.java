package io.leadscore.cli;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.core.runs.JobSummary;

/**
 * The features stage: point-in-time snapshots and the training set from the generated CRM + analytics
 * sources, or, when an active source is a static labelled export, from that export's silver table.
 */
final class FeaturesStage implements Stage {
  @Override
  public String name() {
    return "features";
  }

  @Override
  public void validate(Context ctx) {
    GoldSettings.from(ctx.config);
    if (SourceMapping.labelled(ctx.config).isEmpty()) {
      // the standard features read the canonical columns: a mapping that lacks one fails here, before Spark
      // starts, not as a missing column deep in the features stage
      io.leadscore.features.catalog.CanonicalSchema.check(SourceMapping.all(ctx.config));
    }
  }

  @Override
  public JobSummary run(Context ctx) {
    var f = ctx.features;
    GoldSettings gold = GoldSettings.from(ctx.config);
    var labelled = SourceMapping.labelled(ctx.config);
    FeatureJob job = new FeatureJob(ctx.spark(), ctx.tables, FeatureCatalog.standard(), gold);
    FeatureJob.Result r = labelled.isPresent()
        ? job.runLabelled(labelled.get(), ctx.date)
        : job.run(f.plan(ctx.date));
    // printed as it happens, so the alarm is seen even when a later stage fails
    ctx.progress.accept(r.leakage().message());
    return new JobSummary().put("feature_rows", r.featureRowsToday()).put("training_rows", r.trainingRows())
        .put("training_snapshots", r.snapshots())
        .put("snapshots_computed", r.snapshotsComputed())
        .put("stored_rows_compared", r.refresh().everyRow() ? "all" : r.refresh().pairs())
        .put("stored_rows_rewritten", r.refresh().rewritten())
        .put("stored_rows_added", r.refresh().added()).put("stored_rows_removed", r.refresh().removed()).put("training_positive_rate", Stages.round(r.positiveRate()))
        .put("feature_catalog", r.catalogVersion())
        .put("leakage_alarms", r.leakage().alarms());
  }
}
