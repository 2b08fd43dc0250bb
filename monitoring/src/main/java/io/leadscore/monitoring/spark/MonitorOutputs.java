package io.leadscore.monitoring.spark;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.AlertWebhook;
import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.monitoring.RepLeaderboard;
import io.leadscore.monitoring.report.NightlyReport;
import io.leadscore.monitoring.report.ReportData;
import io.leadscore.monitoring.report.RunSnapshot;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * What the monitor leaves behind once it has measured: alerts as problems when their severity is
 * {@code fail}, the HTML report, the night's monitoring run (local record and MLflow) with the report as an
 * artifact, and the webhook message.
 */
final class MonitorOutputs {
  private MonitorOutputs() {}

  static MonitorResult finish(MonitorResult m, MonitorJob.Spec spec, Optional<ModelCard> champion, Tables tables,
                              RunRecorder recorder, Map<String, String> env) {
    MonitorSettings s = spec.settings();
    long started = System.currentTimeMillis();
    List<Problem> problems = new ArrayList<>(m.problems());
    if (s.severity() == MonitorSettings.Severity.FAIL) {
      m.alerts().forEach(a -> problems.add(Problem.of(Problem.ALERT, a.subject(), a.kind() + ": " + a.message())));
    }
    if (!m.alerts().isEmpty() && s.webhook().enabled()) {
      AlertWebhook.Delivery d = new AlertWebhook(s.webhook(), env).send(title(m), m.alerts());
      if (!d.delivered()) {
        problems.add(Problem.of(Problem.ALERT_NOT_SENT, "leadscore.monitor.webhook", String.format(Locale.ROOT,
            "%d alerts not delivered after %d attempts: %s. They are in the summary and the report", m.alerts().size(),
            d.attempts(), d.error())));
      }
    }
    RunSnapshot run = spec.run();
    List<String> lines = new ArrayList<>(run.problems());
    problems.forEach(p -> lines.add(p.inStage("monitor").line()));
    String status = run.status().equals("succeeded") && !problems.isEmpty() ? "degraded" : run.status();
    RunSnapshot withMonitor = new RunSnapshot(run.command(), status, lines, run.stages(), run.figures());
    MonitorResult withProblems = m.withProblems(problems);
    String html = NightlyReport.html(MonitorJob.reportData(withProblems, withMonitor, champion,
        Optional.of(RunRecorder.at(tables.runsDir(), Optional.empty())), leaderboard(spec, tables)));
    String dir = s.reportDir().isBlank() ? tables.reportsDir() : s.reportDir();
    String path = dir + "/" + m.date() + ".html";
    GoldFiles.write(path, html);
    RunRecorder.Outcome outcome = recorder == null ? null : record(recorder, m, spec, html, started);
    return withProblems.withOutputs(path, outcome == null ? "not recorded" : outcome.describe(),
        outcome == null ? List.of() : outcome.undelivered());
  }

  /** The reps' leaderboard of the report date: read with Spark, counted in plain Java. */
  static ReportData.Leaderboard leaderboard(MonitorJob.Spec spec, Tables tables) {
    MonitorSettings.Leaderboard s = spec.settings().leaderboard();
    List<RepLeaderboard.Assigned> leads = new LeaderboardInputs(SparkSession.active(), tables).read(spec.date(), s);
    Map<String, String> sla = new java.util.TreeMap<>();
    s.sla().forEach((t, d) -> sla.put(t, d.toDays() > 0 && d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h"));
    return new ReportData.Leaderboard(RepLeaderboard.of(leads, s.sla(), s.hotTiers(), spec.date()), s.windowDays(),
        sla);
  }

  private static String title(MonitorResult m) {
    return String.format(Locale.ROOT, "leadscore %s: %d alert%s on champion v%s%s", m.date(), m.alerts().size(),
        m.alerts().size() == 1 ? "" : "s", m.modelVersion(), m.retrainRecommended() ? ", retraining recommended" : "");
  }

  private static RunRecorder.Outcome record(RunRecorder recorder, MonitorResult m, MonitorJob.Spec spec, String html,
                                            long started) {
    MonitorSettings s = spec.settings();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("batch_date", m.date());
    params.put("model_version", m.modelVersion());
    params.put("psi_threshold", String.valueOf(s.alerts().psiThreshold()));
    params.put("score_psi_threshold", String.valueOf(s.alerts().scorePsiThreshold()));
    params.put("auc_decay_threshold", String.valueOf(s.alerts().aucDecayThreshold()));
    params.put("ks_alpha", String.valueOf(s.alerts().ksAlpha()));
    params.put("top_k", String.valueOf(s.alerts().topK()));
    params.put("severity", s.severity().name().toLowerCase(Locale.ROOT));
    List<RunRecord.Metric> metrics = new ArrayList<>();
    metrics.add(new RunRecord.Metric("scored", m.scored(), 0));
    metrics.add(new RunRecord.Metric("alerts", m.alerts().size(), 0));
    metrics.add(new RunRecord.Metric("retrain_recommended", m.retrainRecommended() ? 1 : 0, 0));
    add(metrics, "score_psi", m.scorePsi(), 0);
    add(metrics, "score_psi_previous", m.scorePsiPrevious(), 0);
    for (FeatureDrift f : m.drift()) {
      add(metrics, "psi." + f.feature(), f.psi(), 0);
      add(metrics, "ks_p_value." + f.feature(), f.pValue(), 0);
    }
    for (PerformanceRow r : m.evaluated()) {
      // one step per score date (its epoch day), so MLflow draws the trend
      long step = java.time.LocalDate.parse(r.scoreDate()).toEpochDay();
      add(metrics, "realised_auc.v" + r.modelVersion(), r.auc(), step);
      add(metrics, "realised_precision_at_20.v" + r.modelVersion(), r.precisionAt20(), step);
    }
    StringBuilder csv = new StringBuilder("feature,gain_rank,psi,ks,p_value,reference_missing,current_missing,unseen\n");
    m.drift().forEach(f -> csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%s,%s,%d%n", f.feature(), f.gainRank(),
        f.psi(), f.ks(), f.pValue(), f.referenceMissing(), f.currentMissing(), f.unseenLevels())));
    Map<String, byte[]> artifacts = new LinkedHashMap<>();
    artifacts.put("report/" + m.date() + ".html", html.getBytes(StandardCharsets.UTF_8));
    artifacts.put("drift.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("batch_date", m.date());
    tags.put("model_version", m.modelVersion());
    tags.put("leadscore.kind", "monitor");
    tags.put("retrain_recommended", String.valueOf(m.retrainRecommended()));
    RunRecord run = new RunRecord(UUID.randomUUID().toString(), s.experiment(), "monitor " + m.date() + " v"
        + m.modelVersion(), started, System.currentTimeMillis(),
        new RunRecord.Logged(params, metrics, tags, List.copyOf(artifacts.keySet())), null);
    return recorder.record(run, artifacts);
  }

  private static void add(List<RunRecord.Metric> metrics, String key, double v, long step) {
    if (!Double.isNaN(v)) {
      metrics.add(new RunRecord.Metric(key, v, step));
    }
  }
}
