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

/** The stages of the nightly flow, in order. Each turns its job's result into summary figures. */
final class Stages {
  private Stages() {}

  static final Stage GENERATE = new Stage() {
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
  };

  /** Generates exports only when the landing folder has none (first run of the embedded default). */
  static final Stage GENERATE_IF_EMPTY = new Stage() {
    @Override
    public String name() {
      return "generate";
    }

    @Override
    public JobSummary run(Context ctx) {
      if (ctx.features.generateIfEmpty() && ExportGenerator.isEmpty(Path.of(ctx.features.landingDir()))) {
        return GENERATE.run(ctx);
      }
      return new JobSummary().put("generated_leads", 0);
    }
  };

  static final Stage INGEST = new Stage() {
    @Override
    public String name() {
      return "ingest";
    }

    @Override
    public JobSummary run(Context ctx) {
      List<Reconciliation> recs = new IngestJob(ctx.spark(), ctx.tables).run(new IngestSpec(ctx.date,
          Path.of(ctx.features.landingDir()), SourceMapping.all(ctx.config), ctx.config.getString("leadscore.pii.salt")));
      long received = 0;
      long accepted = 0;
      long quarantined = 0;
      List<String> files = new ArrayList<>();
      for (Reconciliation r : recs) {
        received += r.received();
        accepted += r.accepted();
        quarantined += r.quarantined();
        files.add(r.line());
      }
      return new JobSummary().put("received", received).put("accepted", accepted).put("quarantined", quarantined)
          .put("files", files);
    }
  };

  static final Stage FEATURES = new Stage() {
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
          .put("training_snapshots", r.snapshots()).put("training_positive_rate", round(r.positiveRate()));
    }
  };

  static final Stage TRAIN = new Stage() {
    @Override
    public String name() {
      return "train";
    }

    @Override
    public JobSummary run(Context ctx) {
      TrainingSettings s = TrainingSettings.from(ctx.config);
      TrainResult r = new TrainJob(ctx.spark(), ctx.tables, FeatureCatalog.standard(),
          ModelRegistry.local(ctx.tables.modelsDir())).run(s, ctx.features.horizonDays());
      List<Double> foldAucs = r.folds().stream().map(x -> round(x.auc())).toList();
      return new JobSummary().put("train_rows", r.trainRows()).put("holdout_rows", r.holdoutRows())
          .put("cv_auc", round(r.cvAuc())).put("cv_auc_std", round(r.cvAucStd())).put("cv_fold_auc", foldAucs)
          .put("holdout_auc", round(r.holdout().auc()))
          .put("precision_at_20", round(r.holdout().precisionAtTop()))
          .put("lift_at_20", round(r.holdout().liftAtTop()))
          .put("cv_precision_at_20", round(FoldMetrics.mean(r.folds(), FoldMetrics::precisionAtTop)))
          .put("model_version", r.version()).put("promoted", r.promoted()).put("decision", r.decision());
    }
  };

  static final Stage SCORE = new Stage() {
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
  };

  static final List<Stage> NIGHTLY = List.of(GENERATE_IF_EMPTY, INGEST, FEATURES, TRAIN, SCORE);

  static Map<String, Stage> byName() {
    Map<String, Stage> m = new LinkedHashMap<>();
    for (Stage s : List.of(GENERATE, INGEST, FEATURES, TRAIN, SCORE)) {
      m.put(s.name(), s);
    }
    return m;
  }

  static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 10000) / 10000.0;
  }
}
