package io.leadscore.cli;

import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.monitoring.report.RunSnapshot;
import io.leadscore.monitoring.spark.MonitorJob;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.MlflowSettings;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.models.tracking.UndeliveredRuns;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor stage: builds the spec (settings, horizon, the run so far for the report) and calls
 * {@link MonitorJob}. In the nightly it runs after score unless {@code leadscore.monitor.enabled = false}.
 */
final class MonitorStage implements Stage {
  private final boolean always;

  /** @param always run even when {@code leadscore.monitor.enabled = false} (the `monitor` command) */
  MonitorStage(boolean always) {
    this.always = always;
  }

  @Override
  public String name() {
    return "monitor";
  }

  @Override
  public void validate(Context ctx) {
    MonitorSettings.from(ctx.config);
    UndeliveredRuns.from(ctx.config);
  }

  @Override
  public JobSummary run(Context ctx) {
    MonitorSettings s = MonitorSettings.from(ctx.config);
    if (!always && !s.enabled()) {
      return new JobSummary().put("monitor", "disabled (leadscore.monitor.enabled = false)");
    }
    JobSummary soFar = ctx.summarySoFar();
    String command = String.valueOf(soFar.figures().getOrDefault("command", "monitor"));
    RunSnapshot run = new RunSnapshot(command, soFar.problems().isEmpty() ? "succeeded" : "degraded",
        soFar.problems().stream().map(Problem::line).toList(), ctx.secondsSoFar(), soFar.figures());
    RunRecorder recorder = RunRecorder.forUri(ctx.tables.monitoringRunsDir(), MlflowSettings.from(ctx.config).trackingUri(),
        System.getenv());
    MonitorResult r = new MonitorJob(ctx.spark(), ctx.tables, ModelRegistry.local(ctx.tables.modelsDir()))
        .recorder(recorder)
        .run(new MonitorJob.Spec(ctx.date, ctx.features.horizonDays(), s, run, ctx.runId,
            ctx.config.getString("leadscore.scoring.reasons.language")));
    JobSummary out = new JobSummary().put("monitored_version", r.modelVersion())
        .put("alerts", r.alerts().stream().map(Alert::line).toList())
        .put("retrain_recommended", r.retrainRecommended())
        // null, not NaN, when not measured (no reference; the first scored night): NaN is not JSON
        .put("score_psi", measured(r.scorePsi()))
        .put("score_psi_previous", measured(r.scorePsiPrevious()))
        .put("worst_drift", worst(r.drift()))
        .put("realised", realised(r.evaluated()))
        .put("report", r.reportPath())
        .put("monitor_tracking", r.tracking());
    if (!r.notes().isEmpty()) {
      out.put("monitor_notes", r.notes());
    }
    r.problems().forEach(out::problem);
    UndeliveredRuns.from(ctx.config).problems("monitoring run " + r.date() + " not in MLflow", r.trackingUndelivered(),
        "it stays there (`runs sync` replays training runs only)").forEach(out::problem);
    return out;
  }

  private static Double measured(double v) {
    return Double.isNaN(v) ? null : Stages.round(v);
  }

  /** The three features with the largest PSI: feature -> PSI. */
  private static Map<String, Double> worst(List<FeatureDrift> drift) {
    Map<String, Double> out = new LinkedHashMap<>();
    drift.stream().filter(f -> !Double.isNaN(f.psi()))
        .sorted(Comparator.comparingDouble(FeatureDrift::psi).reversed()).limit(3)
        .forEach(f -> out.put(f.feature(), Stages.round(f.psi())));
    return out;
  }

  /** Score dates evaluated tonight: "date vN" -> realised AUC. */
  private static Map<String, Double> realised(List<PerformanceRow> rows) {
    Map<String, Double> out = new LinkedHashMap<>();
    rows.forEach(p -> out.put(p.scoreDate() + " v" + p.modelVersion(), Stages.round(p.auc())));
    return out;
  }
}
