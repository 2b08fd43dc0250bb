package io.leadscore.cli;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.generate.ExportGenerator;
import io.leadscore.features.generate.GeneratorSpec;
import io.leadscore.features.gold.SnapshotPlan;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.features.ingest.IngestSpec;
import io.leadscore.features.ingest.Reconciliation;
import io.leadscore.features.ingest.SourceMapping;
import io.leadscore.features.ingest.spark.IngestJob;
import io.leadscore.features.runs.JobSummary;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CsvOutboxSink;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.metrics.FoldMetrics;
import io.leadscore.training.registry.ModelRegistry;
import io.leadscore.training.spark.TrainJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generate stage. */
final class GenerateStage implements Stage {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public JobSummary run(Context ctx) {
    Path landing = Path.of(ctx.features.landingDir());
    var r = new ExportGenerator(new GeneratorSpec(landing, ctx.date, ctx.features.generatorLeads(),
        ctx.features.historyDays(), ctx.features.generatorSeed())).generate();
    return new JobSummary().put("generated_leads", r.leads()).put("generated_events", r.events())
        .put("generated_activities", r.activities()).put("landing", landing.toString());
  }
}
