package io.leadscore.monitoring.spark;

import io.leadscore.core.Tables;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.AlertRules;
import io.leadscore.monitoring.FindReference;
import io.leadscore.monitoring.FindReference.ChampionReference;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.report.ReportData;
import io.leadscore.monitoring.report.RunSnapshot;
import io.leadscore.monitoring.spark.CountTonight.TonightScores;
import io.leadscore.monitoring.spark.EvaluatePerformance.Realised;
import io.leadscore.monitoring.spark.MeasureFeatureDrift.Measured;
import io.leadscore.monitoring.spark.MeasureScoreDrift.ScoreDrift;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The monitor stage: tonight's features and scores against the champion's training reference (PSI, KS,
 * missing rates, unseen levels; the score's PSI against the holdout and the night before, the tier mix), the
 * realised performance of score dates whose horizon has closed, the alerts, and then the tables
 * ({@code gold/drift}, {@code gold/performance}, both idempotent per night), the HTML report, the monitoring
 * run (local record, MLflow when configured) and the webhook.
 */
public final class MonitorJob {
  /** Where a training run keeps its plots among its artifacts. */
  static final String PLOTS_DIR = "plots/";
  /** The training run's plots the report shows, by their file name under {@link #PLOTS_DIR}. */
  static final List<String> REPORT_PLOTS = List.of("roc.png", "precision_recall.png", "gains.png");

  /**
   * @param horizonDays {@code leadscore.label.horizon_days}: when a score date's outcomes are known
   * @param run         the run so far, for the report
   * @param reasonLanguage {@code leadscore.scoring.reasons.language}: to count the reasons by family
   */
  public record Spec(LocalDate date, int horizonDays, MonitorSettings settings, RunSnapshot run, String runId,
                     String reasonLanguage) {}

  private final SparkSession spark;
  private final Tables tables;
  private final ModelRegistry registry;
  private RunRecorder recorder;
  private Map<String, String> env = System.getenv();

  public MonitorJob(SparkSession spark, Tables tables, ModelRegistry registry) {
    this.spark = spark;
    this.tables = tables;
    this.registry = registry;
  }

  /** Records each night's monitoring run here (and in MLflow when the recorder has a tracking server). */
  public MonitorJob recorder(RunRecorder r) {
    this.recorder = r;
    return this;
  }

  /** The environment the webhook's secret is read from (tests pass their own). */
  public MonitorJob environment(Map<String, String> e) {
    this.env = Map.copyOf(e);
    return this;
  }

  /**
   * Finds the champion's reference, counts tonight's scores, measures feature and score drift, evaluates the
   * realised performance, raises the alerts and writes {@code gold/drift}; then the report, the run and the
   * webhook ({@link MonitorOutputs}).
   */
  public MonitorResult run(Spec spec) {
    MonitorSettings s = spec.settings();
    LocalDate date = spec.date();
    ChampionReference champion = new FindReference(tables, registry).run();
    TonightScores tonight = new CountTonight(spark, tables).run(date);
    Optional<Dataset<Row>> measurable = tonight.measurable();
    Optional<ModelCard> card = champion.champion();
    Measured features = measurable.isEmpty() || champion.reference().isEmpty() ? Measured.NONE
        : new MeasureFeatureDrift(spark, tables).run(date, card.get(), champion.reference().get(), measurable.get(), s);
    ScoreDrift scoreDrift = measurable.map(rows -> new MeasureScoreDrift().run(date, tonight.all().get(), rows,
        card, champion.reference(), spec.reasonLanguage())).orElse(ScoreDrift.NONE);
    Realised realised = new EvaluatePerformance(spark, tables, registry).run(date, spec.horizonDays(),
        s.performance(), tonight.all().isPresent());

    AlertRules rules = new AlertRules(s);
    List<Alert> alerts = new ArrayList<>(rules.features(features.drift()));
    alerts.addAll(rules.score(scoreDrift.psi()));
    alerts.addAll(rules.performance(realised.evaluated()));
    DriftTable.write(spark, tables, date, champion.version(), features.drift(), scoreDrift.psi(),
        scoreDrift.psiPrevious(), tonight.scored());

    List<Problem> problems = concat(champion.problems(), tonight.problems());
    List<String> notes = concat(champion.notes(), features.notes(), realised.notes());
    MonitorResult partial = new MonitorResult(date.toString(), champion.version(),
        new MonitorResult.ScoreMix(tonight.scored(), tonight.tierMix(), tonight.histogram(), scoreDrift.topReasons()),
        new MonitorResult.ScoreDrift(scoreDrift.psi(), scoreDrift.psiPrevious(),
            scoreDrift.previousDate().map(LocalDate::toString).orElse(null), scoreDrift.previousMix()),
        features.drift(), new MonitorResult.Realised(realised.evaluated(), realised.trend()),
        new MonitorResult.Findings(alerts, problems, notes), new MonitorResult.Outputs(null, null));
    return MonitorOutputs.finish(partial, spec, card, tables, recorder, env);
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... parts) {
    List<T> out = new ArrayList<>();
    Arrays.stream(parts).forEach(out::addAll);
    return out;
  }

  /** For the report: the champion's card and plots, by the recorder that holds its training run. */
  static ReportData reportData(MonitorResult m, RunSnapshot run, Optional<ModelCard> champion,
                               Optional<RunRecorder> trainingRuns, ReportData.Leaderboard leaderboard) {
    Map<String, byte[]> plots = new LinkedHashMap<>();
    champion.ifPresent(c -> trainingRuns.ifPresent(r -> r.list().stream()
        .filter(x -> x.run().model() != null && x.run().model().localVersion() == c.version())
        .reduce((a, b) -> b).ifPresent(x -> {
          for (String plot : REPORT_PLOTS) {
            if (x.run().artifacts().contains(PLOTS_DIR + plot)) {
              plots.put(plot, r.artifact(x.run().id(), PLOTS_DIR + plot));
            }
          }
        })));
    return new ReportData(run, m, champion.map(ModelCard::label).orElse("No champion"),
        champion.map(ModelCard::metrics).orElse(Map.of()), champion.map(ModelCard::decision).orElse(""), plots,
        leaderboard);
  }
}
