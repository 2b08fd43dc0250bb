package io.leadscore.monitoring.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.AlertRules;
import io.leadscore.monitoring.CurrentDistribution;
import io.leadscore.monitoring.DateDerivedInputs;
import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.monitoring.Psi;
import io.leadscore.monitoring.report.ReportData;
import io.leadscore.monitoring.report.RunSnapshot;
import io.leadscore.models.reference.FeatureReference;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

  public MonitorResult run(Spec spec) {
    MonitorSettings s = spec.settings();
    LocalDate date = spec.date();
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Optional<ModelCard> champion = registry.champion();
    String version = champion.map(c -> String.valueOf(c.version())).orElse("");
    Optional<ReferenceDistributions> reference = champion.map(c -> ReferenceDistributions.path(c.path()))
        .flatMap(p -> GoldFiles.read(p).map(text -> ReferenceDistributions.fromJson(text, p)));
    if (champion.isEmpty()) {
      problems.add(Problem.of("monitor_no_champion", tables.modelsDir(), "no champion model: nothing to monitor. "
          + "Run `leadscore train` first"));
    } else if (reference.isEmpty()) {
      problems.add(Problem.of("monitor_no_reference", champion.get().label(), "the champion has no reference "
          + "distributions (it was trained before monitoring existed): feature and score drift are not measured. "
          + "Retrain (`leadscore train`) to get a champion that carries them"));
    }
    if (reference.isPresent() && ReferenceDistributions.TRAINING_ROWS.equals(reference.get().population())) {
      notes.add("Feature drift is measured against " + champion.get().label() + "'s training rows (its training "
          + "date had no features): inputs that differ between decided and open leads, such as lead age, read as "
          + "drift. A model trained in a nightly carries the open leads of its training date instead.");
    }
    Dataset<Row> allScores = table(Table.LEAD_SCORES);
    Dataset<Row> tonight = allScores == null ? null : allScores.filter(col("score_date").equalTo(lit(Date.valueOf(date))));
    // one pass for the count, the tier mix and the score histogram
    Map<String, Long> tierMix = new TreeMap<>();
    long[] histogram = new long[10];
    long scored = 0;
    if (tonight != null) {
      for (Row r : tonight.groupBy(col("tier"), least(floor(col("score").divide(10)), lit(9)).cast("int"))
          .count().collectAsList()) {
        tierMix.merge(r.isNullAt(0) ? "(none)" : r.getString(0), r.getLong(2), Long::sum);
        histogram[Math.max(0, r.getInt(1))] += r.getLong(2);
        scored += r.getLong(2);
      }
    }
    if (scored == 0) {
      problems.add(Problem.of("monitor_no_scores", tables.path(Table.LEAD_SCORES), "no scores for " + date
          + ": drift and the report need tonight's scores. Run `leadscore score --date " + date + "` first"));
    }

    List<FeatureDrift> drift = new ArrayList<>();
    double scorePsi = Double.NaN;
    double scorePsiPrevious = Double.NaN;
    String previousDate = null;
    Map<String, Long> previousMix = new TreeMap<>();
    List<Map.Entry<String, Long>> topReasons = new ArrayList<>();
    if (scored > 0) {
      topReasons.addAll(TopReasons.byFamily(tonight, champion, spec.reasonLanguage(), 10));
      Row prev = allScores.filter(col("score_date").lt(lit(Date.valueOf(date)))).agg(max("score_date")).first();
      Dataset<Row> previous = null;
      if (!prev.isNullAt(0)) {
        previousDate = prev.getDate(0).toString();
        previous = allScores.filter(col("score_date").equalTo(lit(prev.getDate(0))));
        previousMix = counts(previous.groupBy("tier").count());
      }
      if (reference.isPresent()) {
        ModelCard card = champion.get();
        drift = featureDrift(card, reference.get(), tonight, s, notes, date);
        FeatureReference sr = reference.get().scores();
        FeatureReference asProbability = new FeatureReference("probability", false, sr.edges(), sr.counts(),
            sr.rows(), sr.missing(), sr.sample());
        Map<String, FeatureReference> one = Map.of("probability", asProbability);
        long[] tonightBins = DriftMeasure.measure(tonight, one, 0, 1).get("probability").counts();
        scorePsi = Psi.of(sr.counts(), tonightBins);
        if (previous != null) {
          scorePsiPrevious = Psi.of(DriftMeasure.measure(previous, one, 0, 1).get("probability").counts(),
              tonightBins);
        }
      }
    }

    AlertRules rules = new AlertRules(s);
    List<Alert> alerts = new ArrayList<>(rules.features(drift));
    alerts.addAll(rules.score(scorePsi));
    PerformanceTable performance = new PerformanceTable(spark, tables);
    List<PerformanceRow> evaluated = List.of();
    List<PerformanceRow> trend = List.of();
    String unavailable = allScores == null ? "no lead_scores table yet" : performance.unavailable();
    if (unavailable == null) {
      Map<String, Double> baseline = new LinkedHashMap<>();
      registry.versions().forEach(c -> baseline.put(String.valueOf(c.version()),
          c.metrics().getOrDefault("holdout_auc", Double.NaN)));
      evaluated = performance.evaluate(date, spec.horizonDays(), s.performance(),
          v -> baseline.getOrDefault(v, Double.NaN));
      trend = performance.all();
      alerts.addAll(rules.performance(evaluated));
    } else {
      notes.add("Realised performance not measured: " + unavailable + ".");
    }
    DriftTable.write(spark, tables, date, version, drift, scorePsi, scorePsiPrevious, scored);

    MonitorResult partial = new MonitorResult(date.toString(), version,
        new MonitorResult.ScoreMix(scored, tierMix, histogram, topReasons),
        new MonitorResult.ScoreDrift(scorePsi, scorePsiPrevious, previousDate, previousMix), drift,
        new MonitorResult.Realised(evaluated, trend), new MonitorResult.Findings(alerts, problems, notes),
        new MonitorResult.Outputs(null, null));
    return MonitorOutputs.finish(partial, spec, champion, tables, recorder, env);
  }

  private List<FeatureDrift> featureDrift(ModelCard card, ReferenceDistributions ref, Dataset<Row> tonight,
                                          MonitorSettings s, List<String> notes, LocalDate date) {
    Dataset<Row> features = table(Table.FEATURES);
    if (features == null) {
      notes.add("No features table: feature drift not measured.");
      return List.of();
    }
    List<String> columns = Arrays.asList(features.columns());
    List<String> dateDerived = DateDerivedInputs.of(ref.features().keySet(), card.contract().catalog(),
        card.provenance().catalogVersion());
    if (!dateDerived.isEmpty()) {
      notes.add(DateDerivedInputs.note(dateDerived));
    }
    Map<String, FeatureReference> wanted = new LinkedHashMap<>();
    ref.features().forEach((name, r) -> {
      if (dateDerived.contains(name)) {
        return;
      }
      if (columns.contains(name)) {
        wanted.put(name, r);
      } else {
        notes.add("Input '" + name + "' of " + card.label() + " is not a column of today's features: not monitored.");
      }
    });
    // the leads scored tonight, with the features they were scored on
    Dataset<Row> day = features.filter(col("as_of_date").equalTo(lit(Date.valueOf(date))))
        .join(tonight.select("lead_id"), new String[] {"lead_id"}, "left_semi");
    Map<String, CurrentDistribution> current = DriftMeasure.measure(day, wanted, s.alerts().sampleSize(), date.toEpochDay());
    Map<String, Integer> rank = gainRank(card.contract().gainShare());
    List<FeatureDrift> out = new ArrayList<>();
    current.forEach((name, c) -> out.add(c.against(wanted.get(name), rank.getOrDefault(name, 0))));
    return out;
  }

  /** 1 = the input with the largest share of the model's gain. */
  static Map<String, Integer> gainRank(Map<String, Double> gainShare) {
    Map<String, Integer> out = new LinkedHashMap<>();
    gainShare.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), out.size() + 1));
    return out;
  }

  private Dataset<Row> table(Table t) {
    String path = tables.path(t);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
  }

  private static Map<String, Long> counts(Dataset<Row> grouped) {
    Map<String, Long> out = new TreeMap<>();
    grouped.collectAsList().forEach(r -> out.put(r.isNullAt(0) ? "(none)" : r.get(0).toString(), r.getLong(1)));
    return out;
  }

  /** For the report: the champion's card and plots, by the recorder that holds its training run. */
  static ReportData reportData(MonitorResult m, RunSnapshot run, Optional<ModelCard> champion,
                               Optional<RunRecorder> trainingRuns, ReportData.Leaderboard leaderboard) {
    Map<String, byte[]> plots = new LinkedHashMap<>();
    champion.ifPresent(c -> trainingRuns.ifPresent(r -> r.list().stream()
        .filter(x -> x.run().model() != null && x.run().model().localVersion() == c.version())
        .reduce((a, b) -> b).ifPresent(x -> {
          for (String p : List.of("plots/roc.png", "plots/precision_recall.png", "plots/gains.png")) {
            if (x.run().artifacts().contains(p)) {
              plots.put(p.substring(6), r.artifact(x.run().id(), p));
            }
          }
        })));
    return new ReportData(run, m, champion.map(ModelCard::label).orElse("No champion"),
        champion.map(ModelCard::metrics).orElse(Map.of()), champion.map(ModelCard::decision).orElse(""), plots,
        leaderboard);
  }
}
