package io.leadscore.cli;

import com.typesafe.config.ConfigRenderOptions;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.features.gold.spark.LeakageGuard;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSchedule;
import io.leadscore.training.TrainingSettings;
import io.leadscore.cli.spark.LastMonitorVerdict;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.report.RunRecords;
import io.leadscore.training.spark.TrainJob;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.models.tracking.UndeliveredRuns;
import io.leadscore.training.TrainSpec;
import java.util.ArrayList;
import java.util.List;

/** The train stage: CV, holdout, registration, promotion decision, run record; prints a compact report. */
final class TrainStage implements Stage {
  /** The config sections a run records (no storage or sink sections, which may hold credentials). */
  private static final List<String> RECORDED = List.of("leadscore.training", "leadscore.promotion",
      "leadscore.label", "leadscore.snapshots");

  @Override
  public String name() {
    return "train";
  }

  @Override
  public void validate(Context ctx) {
    TrainingSettings s = TrainingSettings.from(ctx.config);
    if (io.leadscore.ingest.SourceMapping.labelled(ctx.config).isEmpty()) {
      // the standard catalogue is known before Spark starts: a rule on a feature it lacks is a usage error (exit 2);
      // a labelled export's catalogue comes from its data, so its rules are checked when training starts
      s.ensemble().requireFeatures(io.leadscore.features.catalog.FeatureCatalog.standard().names());
    }
    TrainingSchedule.from(ctx.config);
    UndeliveredRuns.from(ctx.config);
  }

  @Override
  public JobSummary run(Context ctx) {
    TrainingSettings s = TrainingSettings.from(ctx.config);
    TrainingSchedule schedule = TrainingSchedule.from(ctx.config);
    ModelRegistry registry = ModelRegistry.local(ctx.tables.modelsDir());
    if (schedule.kind() != TrainingSchedule.Kind.NIGHTLY) {
      var night = new TrainingSchedule.Night(ctx.date, registry.champion().map(c -> c.label()),
          schedule.kind() == TrainingSchedule.Kind.ON_DRIFT
              ? LastMonitorVerdict.before(ctx.spark(), ctx.tables, ctx.date) : java.util.Optional.empty());
      java.util.Optional<String> skip = schedule.skipReason(night);
      if (skip.isPresent()) {
        ctx.progress.accept("no training tonight: " + skip.get());
        return new JobSummary().put("training_skipped", skip.get());
      }
    }
    RunRecorder recorder = ctx.runRecorder(s);
    TrainJob job = new TrainJob(ctx.spark(), ctx.tables, GoldFiles.catalogForRun(ctx.config, ctx.tables),
        registry, recorder);
    // the features stage already measured each feature's own AUC on this training set: reuse it
    LeakageGuard.read(ctx.tables).ifPresent(job::withLeakageReport);
    TrainResult r = job.run(new TrainSpec(s, ctx.features.horizonDays(), ctx.date.toString(), recordedConfig(ctx)));
    TrainResult.Cv cv = r.cv();
    TrainResult.Model m = r.model();
    List<Double> foldAucs = cv.folds().stream().map(x -> Stages.round(x.auc())).toList();
    JobSummary out = new JobSummary().put("train_rows", r.data().trainRows()).put("holdout_rows", r.data().holdoutRows())
        .put("holdout_kind", r.data().holdoutKind())
        .put("cv_auc", Stages.round(cv.auc())).put("cv_auc_std", Stages.round(cv.aucStd())).put("cv_fold_auc", foldAucs)
        .put("cv_pr_auc", Stages.round(cv.mean().get("pr_auc")))
        .put("cv_" + RunRecords.named("precision_at_top", s.topFraction()),
            Stages.round(FoldMetrics.mean(cv.folds(), FoldMetrics::precisionAtTop)))
        .put("holdout_auc", Stages.round(r.holdout().auc()))
        .put("holdout_pr_auc", Stages.round(r.holdout().prAuc()))
        .put(RunRecords.named("precision_at_top", s.topFraction()), Stages.round(r.holdout().precisionAtTop()))
        .put(RunRecords.named("recall_at_top", s.topFraction()), Stages.round(r.holdout().recallAtTop()))
        .put(RunRecords.named("lift_at_top", s.topFraction()), Stages.round(r.holdout().liftAtTop()))
        .put(RunRecords.named("top_vs_rest_at_top", s.topFraction()), Stages.round(r.holdout().topVsRestAtTop()))
        .put("holdout_brier", Stages.round(r.holdout().brier()))
        .put("holdout_log_loss", Stages.round(r.holdout().logLoss()))
        .put("holdout_ece", Stages.round(r.probabilities().holdoutEce()))
        .put("holdout_ece_uncalibrated", Stages.round(r.probabilities().holdoutEceUncalibrated()))
        .put("calibration_bins", r.probabilities().bins())
        .put("calibration", r.probabilities().calibration())
        .put("search", m.search())
        .put("ensemble", m.ensemble())
        .put("cv_seconds", Stages.round(cv.seconds())).put("fits", cv.fits())
        .put("engine", r.engine().name()).put("cv_mode", r.engine().cvMode())
        // trained_version / decision here, scored_with in the score stage: no stage overwrites another's key
        .put("trained_version", m.version()).put("promoted", m.promoted())
        .put("decision", RunRecords.decisionWord(m.verdict()))
        .put("decision_reason", m.decision())
        .put("leakage_alarms", m.leakageAlarms().size())
        .put("run", r.run().tracking())
        .put("report", report(s, r));
    return tracking(out, ctx, r.run());
  }

  /** The training run MLflow did not get (this one, earlier ones, the aliases) as a problem, as configured. */
  static JobSummary tracking(JobSummary out, Context ctx, TrainResult.Run run) {
    UndeliveredRuns.from(ctx.config).problems("training run " + run.id() + " not in MLflow", run.undelivered(),
        "`leadscore runs sync` delivers it and moves the aliases").forEach(out::problem);
    return out;
  }

  private static List<String> report(TrainingSettings s, TrainResult r) {
    TrainResult.Cv cv = r.cv();
    TrainResult.Model m = r.model();
    List<String> lines = new ArrayList<>();
    lines.add("training " + r.engine().reason());
    String cvMode = r.engine().cvMode();
    lines.add(String.format("CV %d folds by lead, %d candidate(s), %d fits in %.1f s%s", s.folds(), cv.gridPoints(),
        cv.fits(), cv.seconds(), cvMode.equals("full") ? "" : " (CV on " + cvMode + ")"));
    lines.add(String.format("  CV      AUC %.4f ± %.4f  PR-AUC %.4f  P@%d%% %.4f  lift %.2f  top/rest %.2f  Brier %.4f  "
        + "logloss %.4f", cv.auc(), cv.aucStd(), cv.mean().get("pr_auc"), pct(s), cv.mean().get("precision_at_top"),
        cv.mean().get("lift_at_top"), cv.mean().get("top_vs_rest_at_top"), cv.mean().get("brier"),
        cv.mean().get("log_loss")));
    FoldMetrics h = r.holdout();
    lines.add(String.format("  holdout AUC %.4f           PR-AUC %.4f  P@%d%% %.4f  lift %.2f  top/rest %.2f  Brier %.4f  "
        + "logloss %.4f", h.auc(), h.prAuc(), pct(s), h.precisionAtTop(), h.liftAtTop(), h.topVsRestAtTop(), h.brier(),
        h.logLoss()));
    lines.add(String.format("  days to convert (median): top %d%% %s, rest %s", pct(s), days(h.medianDaysTop()),
        days(h.medianDaysRest())));
    lines.add("holdout: " + r.data().holdoutDescription() + ", " + r.data().holdoutRows() + " rows");
    lines.add(String.format("calibration: %s; holdout ECE (%d bins) %.4f, uncalibrated %.4f",
        r.probabilities().calibration(), r.probabilities().bins(), r.probabilities().holdoutEce(),
        r.probabilities().holdoutEceUncalibrated()));
    lines.add("search: " + m.search() + ", " + cv.gridPoints() + " candidate(s) ran");
    lines.add("chosen: " + m.chosenParams() + " rounds=" + m.rounds());
    lines.add("ensemble: " + m.ensemble());
    m.leakageAlarms().forEach(a -> lines.add("LEAKAGE ALARM: " + a));
    lines.add("model v" + m.version() + " " + m.decision());
    lines.add("run: " + r.run().tracking());
    return lines;
  }

  private static int pct(TrainingSettings s) {
    return (int) Math.round(s.topFraction() * 100);
  }

  private static String days(double d) {
    return Double.isNaN(d) ? "n/a" : String.format("%.1f", d);
  }

  private static String recordedConfig(Context ctx) {
    StringBuilder b = new StringBuilder();
    for (String path : RECORDED) {
      if (ctx.config.hasPath(path)) {
        b.append(path).append(" ").append(ctx.config.getConfig(path).root()
            .render(ConfigRenderOptions.concise().setFormatted(true))).append('\n');
      }
    }
    return b.toString();
  }
}
