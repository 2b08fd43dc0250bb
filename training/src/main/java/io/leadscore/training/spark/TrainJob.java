package io.leadscore.training.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.training.TrainingErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.XgbParams;
import io.leadscore.training.metrics.BinaryMetrics;
import io.leadscore.training.metrics.FoldMetrics;
import io.leadscore.training.promotion.GainShareGuard;
import io.leadscore.training.promotion.LeakageGuard;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.training.reference.ReferenceDistributions;
import io.leadscore.training.registry.ModelCard;
import io.leadscore.training.registry.ModelRegistry;
import io.leadscore.training.report.EvaluationPlots;
import io.leadscore.training.report.RunRecords;
import io.leadscore.training.tracking.MlflowModel;
import io.leadscore.training.tracking.RunRecord;
import io.leadscore.training.tracking.RunRecorder;
import io.leadscore.training.engine.DriverMemory;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import io.leadscore.training.xgb.Rows;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains XGBoost on {@code training_set}: grid search by lead-grouped k-fold CV with early stopping,
 * the final model on all training rows with the CV's round count, evaluation on the holdout (out of
 * time, or by lead hash for a single-snapshot export), registration, the champion/challenger decision on
 * the same holdout, and the run recorded (locally, and in MLflow when configured).
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What a run needs beyond settings: label horizon, batch date, and the config to record (no secrets). */
  public record Spec(TrainingSettings settings, int horizonDays, String batchDate, String configText) {}

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;
  private final RunRecorder recorder;
  private Map<String, Double> singleFeatureAuc;
  private DriverMemory memory;

  public TrainJob(SparkSession spark, Tables tables, FeatureCatalog catalog, ModelRegistry registry,
                  RunRecorder recorder) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
    this.recorder = recorder;
  }

  /** Single-feature AUCs from the features stage; without them the job computes its own on the training rows. */
  public TrainJob withSingleFeatureAuc(Map<String, Double> aucs) {
    this.singleFeatureAuc = Map.copyOf(aucs);
    return this;
  }

  /** The driver-heap budget to decide the engine with (tests); by default this JVM's max heap and the configured share. */
  public TrainJob withDriverMemory(DriverMemory memory) {
    this.memory = memory;
    return this;
  }

  public TrainResult run(Spec spec) {
    TrainingSettings s = spec.settings();
    long started = System.currentTimeMillis();
    List<String> features = catalog.names();
    TrainingData.Split split = TrainingData.load(spark, tables, features, s, spec.horizonDays(),
        memory != null ? memory : DriverMemory.ofThisJvm(s.engine().driverHeapShare()));
    LOG.info("Training on {} rows: {}", split.trainRows(), split.engine().reason());
    double spw = s.scalePosWeight().equals("auto")
        ? (split.trainRows() - split.trainPositives()) / (double) Math.max(1, split.trainPositives())
        : Double.parseDouble(s.scalePosWeight());
    int threads = s.effectiveThreads();
    try (Trainer trainer = split.engine().distributed() ? new DistributedTrainer(spark, split, s, spw)
        : new NativeTrainer(split.train(), s.folds(), s.earlyStoppingRounds(), s.topFraction())) {
      return run(spec, started, features, split, trainer, spw, threads);
    }
  }

  private TrainResult run(Spec spec, long started, List<String> features, TrainingData.Split split, Trainer trainer,
                          double spw, int threads) {
    TrainingSettings s = spec.settings();
    Rows holdout = split.holdout();
    List<LeakageGuard.Alarm> alarms = new LeakageGuard(s.leakageAucThreshold())
        .alarms(singleFeatureAuc != null ? singleFeatureAuc : trainer.singleFeatureAuc(features));

    CrossValidation.Result cv = trainer.crossValidate(s.gridPoints(), p -> p.booster(spw, s.seed(), threads));
    CrossValidation.Point best = cv.best();
    for (CrossValidation.Point p : cv.points()) {
      LOG.info("CV {}: mean AUC {} rounds {} ({} s)", p.params().label(), String.format("%.4f", p.meanAuc()),
          p.bestRounds(), String.format("%.1f", p.seconds()));
    }
    XgbParams chosen = best.params().withRounds(best.meanRounds());
    NativeXgb.Fit fit = trainer.fit(chosen, chosen.booster(spw, s.seed(), threads), chosen.numRound());
    double[] holdoutScores = NativeXgb.predict(fit, holdout);
    BinaryMetrics holdoutMetrics = BinaryMetrics.of(holdoutScores, holdout.labels());
    FoldMetrics hold = FoldMetrics.of(holdoutMetrics, s.topFraction(), holdout.daysToConvert());
    Map<String, Double> gain = NativeXgb.gain(fit.booster(), features);
    Map<String, Double> gainShare = GainShareGuard.shares(gain);

    Optional<ModelCard> champion = registry.champion();
    List<String> alarmTexts = new ArrayList<>(alarms.stream().map(LeakageGuard.Alarm::toString).toList());
    alarmTexts.addAll(new GainShareGuard(s.maxGainShare(), s.maxGainShareJump()).alarms(gainShare,
        champion.map(c -> c.contract().gainShare()).orElse(Map.of())));
    alarmTexts.forEach(a -> LOG.warn("Leakage alarm: {}", a));
    PromotionPolicy.Champion champ = champion.map(c -> new ChampionComparison(catalog).compare(c, holdout,
        holdoutScores)).orElse(PromotionPolicy.Champion.none());
    PromotionPolicy.Decision decision = new PromotionPolicy(s.minAucGain(), s.confidence(), s.aucFloor(),
        s.precisionFloor(), s.maxAucJump(), s.allowLeakage(), s.allowIncomparable())
        .decide(hold.auc(), hold.precisionAtTop(), champ, alarmTexts);

    int version = registry.claim();
    String modelPath = registry.modelPath(version);
    Map<String, Object> fits;
    try {
      fits = ModelVersionWriter.save(spark, modelPath, fit, split,
          s.refitWithHoldout() && decision.verdict() != PromotionPolicy.Verdict.REJECTED
              ? () -> trainer.refit(chosen, chosen.booster(spw, s.seed(), threads), chosen.numRound(), holdout) : null,
          chosen.numRound(), cv.bestFits());
    } finally {
      cv.dispose();
    }
    // what the monitor compares each night with: the open leads' features on the training date (the population
    // the model scores) and the holdout's scores; without features for that date, the training rows (the holdout
    // with the distributed engine, whose training rows never reach the driver)
    Optional<List<double[]>> open = OpenLeadsSample.columns(spark, tables, spec.batchDate(), features, s.seed());
    Rows reference = split.train() != null ? split.train() : holdout;
    ReferenceDistributions.of(features.stream().map(catalog::get).toList(), open.orElseGet(() ->
            java.util.stream.IntStream.range(0, features.size()).mapToObj(reference::column).toList()),
        open.isPresent() ? ReferenceDistributions.OPEN_LEADS : ReferenceDistributions.TRAINING_ROWS, holdoutScores,
        ReferenceDistributions.BINS, ReferenceDistributions.SAMPLE_SIZE, s.seed()).write(modelPath);
    Map<String, Object> params = new LinkedHashMap<>(chosen.booster(spw, s.seed(), threads));
    params.put("num_round", chosen.numRound());
    Map<String, Double> headline = new LinkedHashMap<>();
    headline.put("cv_auc", best.meanAuc());
    headline.put("holdout_auc", hold.auc());
    headline.put("precision_at_20", hold.precisionAtTop());
    headline.put("lift_at_20", hold.liftAtTop());
    headline.put("top_vs_rest_at_20", hold.topVsRestAtTop());
    // the holdout's conversion rate at the rank tiers' shares (scoring reports each tier's rate from these)
    for (int pct : new int[] {5, 20, 50, 100}) {
      headline.putIfAbsent("precision_at_" + pct, holdoutMetrics.precisionAt(pct / 100.0));
    }
    Map<String, Double> present = trainer.presentShare(features);
    ModelCard.Contract contract = new ModelCard.Contract(features.stream().map(catalog::get).toList(), present,
        gainShare);
    ModelCard card = registry.register(new ModelCard(version, s.registeredModel(), Instant.now().toString(),
        modelPath, features, catalog.version(), split.trainFrom(), split.trainTo(), split.holdoutFrom(), s.seed(),
        params, headline, Map.of(Table.TRAINING_SET.tableName(), split.inputVersion()))
        .withContract(contract).withFits(fits, decision.toString()));
    switch (decision.verdict()) {
      case PROMOTED -> registry.promote(card.version(), decision.reason());
      case CHALLENGER -> registry.mark(card.version(), ModelRegistry.Status.CHALLENGER, decision.reason());
      case REJECTED -> registry.mark(card.version(), ModelRegistry.Status.REJECTED, decision.reason());
    }
    LOG.info("Model v{} {}", card.version(), decision);

    String runId = UUID.randomUUID().toString();
    RunRecorder.Outcome outcome = record(runId, spec, split, cv, chosen, spw, hold, holdoutMetrics, gain,
        alarmTexts.size(), card, decision, started, modelPath, champ, trainer.cvMode());
    LOG.info("Run {} recorded: {}", runId, outcome.describe());
    fit.booster().dispose();

    Map<String, Double> cvMean = new LinkedHashMap<>();
    Map<String, Double> cvStd = new LinkedHashMap<>();
    for (String key : hold.asMap().keySet()) {
      cvMean.put(key, FoldMetrics.mean(best.folds(), f -> f.asMap().get(key)));
      cvStd.put(key, FoldMetrics.std(best.folds(), f -> f.asMap().get(key)));
    }
    return new TrainResult(split.trainRows(), holdout.rows(), split.holdoutKind(), split.describeHoldout(), best.folds(),
        best.meanAuc(), FoldMetrics.std(best.folds(), FoldMetrics::auc), cvMean, cvStd, hold, chosen.label(),
        chosen.numRound(), cv.points().size(), cv.fits() + 1, cv.seconds(), card.version(), decision.promoted(),
        decision.toString(), alarmTexts, runId, outcome.describe(), trainer.engine(), trainer.cvMode(),
        split.engine().reason());
  }

  private RunRecorder.Outcome record(String runId, Spec spec, TrainingData.Split split, CrossValidation.Result cv,
                                     XgbParams chosen, double spw, FoldMetrics hold, BinaryMetrics holdoutMetrics,
                                     Map<String, Double> gain, int alarms, ModelCard card,
                                     PromotionPolicy.Decision decision, long started, String modelPath,
                                     PromotionPolicy.Champion champion, String cvMode) {
    TrainingSettings s = spec.settings();
    List<String> features = card.features();
    Map<String, String> params = new LinkedHashMap<>();
    chosen.booster(spw, s.seed(), s.effectiveThreads()).forEach((k, v) -> params.put(k, String.valueOf(v)));
    params.put("num_round", String.valueOf(chosen.numRound()));
    params.put("num_round_cap", String.valueOf(s.params().numRound()));
    params.put("early_stopping_rounds", String.valueOf(s.earlyStoppingRounds()));
    params.put("folds", String.valueOf(s.folds()));
    params.put("grid", String.valueOf(s.grid()));
    params.put("grid_points", String.valueOf(cv.points().size()));
    params.put("holdout_kind", split.holdoutKind());
    params.put("holdout_fraction", String.valueOf(s.holdoutFraction()));
    params.put("validation_fraction", String.valueOf(s.validationFraction()));
    params.put("top_fraction", String.valueOf(s.topFraction()));
    params.put("min_auc_gain", String.valueOf(s.minAucGain()));
    params.put("train_from", split.trainFrom());
    params.put("train_to", split.trainTo());
    params.put("holdout_from", split.holdoutFrom());
    params.put("label_horizon_days", String.valueOf(spec.horizonDays()));
    params.put("train_rows", String.valueOf(split.trainRows()));
    params.put("engine", split.engine().engine().word());
    params.put("engine_setting", s.engine().engine().word());
    params.put("cv_mode", cvMode);
    params.put("holdout_rows", String.valueOf(split.holdout().rows()));
    params.put("n_features", String.valueOf(features.size()));
    params.put("feature_list_sha256", RunRecords.sha256(String.join(",", features)));
    params.put("catalog_version", card.catalogVersion());

    List<RunRecord.Metric> metrics = new ArrayList<>(RunRecords.metrics(cv.best().folds(), hold, s.topFraction()));
    for (int i = 0; i < cv.points().size(); i++) {
      metrics.add(new RunRecord.Metric("grid_cv_auc", cv.points().get(i).meanAuc(), i));
    }
    // the README's headline names: lift = precision@20% / base rate; top_vs_rest = top 20% rate / bottom 80% rate
    metrics.add(new RunRecord.Metric("lift_at_20", hold.liftAtTop(), 0));
    metrics.add(new RunRecord.Metric("top_vs_rest_at_20", hold.topVsRestAtTop(), 0));
    metrics.add(new RunRecord.Metric("cv_seconds", cv.seconds(), 0));
    metrics.add(new RunRecord.Metric("promoted", decision.promoted() ? 1 : 0, 0));
    metrics.add(new RunRecord.Metric("leakage_alarms", alarms, 0));
    metrics.add(new RunRecord.Metric("trained_version", card.version(), 0));
    metrics.addAll(RunRecords.championComparison(champion.paired(), s.confidence()));

    // a rejected model gets no alias: nothing may load it by one
    String decisionWord = RunRecords.decisionWord(decision.verdict());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("git_commit", RunRecords.gitCommit(System.getenv()));
    tags.put("delta_version.training_set", String.valueOf(split.inputVersion()));
    tags.put("seed", String.valueOf(s.seed()));
    tags.put("config_sha256", RunRecords.sha256(spec.configText()));
    tags.put("batch_date", spec.batchDate());
    tags.put("model_version", String.valueOf(card.version()));
    tags.put("decision", decisionWord);
    tags.put("decision_reason", decision.toString().length() > 4000 ? decision.toString().substring(0, 4000)
        : decision.toString());
    tags.put("holdout", split.describeHoldout());

    Map<String, byte[]> artifacts = new LinkedHashMap<>();
    EvaluationPlots.render(holdoutMetrics, s.calibrationBins(), gain, "holdout, model v" + card.version())
        .forEach((name, png) -> artifacts.put("plots/" + name, png));
    artifacts.put("evaluation/metrics_by_split.csv", RunRecords.foldTable(cv.best().folds(), hold));
    List<List<Object>> calibration = holdoutMetrics.calibration(s.calibrationBins()).stream()
        .map(b -> List.<Object>of(b.from(), b.to(), b.rows(), b.meanPredicted(), b.observedRate())).toList();
    artifacts.put("evaluation/calibration.csv", RunRecords.csv(
        List.of("bin_from", "bin_to", "rows", "mean_predicted", "observed_rate"), calibration));
    List<List<Object>> grid = cv.points().stream().map(p -> List.<Object>of(p.params().label().replace(' ', ';'),
        p.meanAuc(), FoldMetrics.std(p.folds(), FoldMetrics::auc), p.meanRounds(), p.seconds())).toList();
    artifacts.put("evaluation/grid.csv", RunRecords.csv(List.of("params", "cv_auc", "cv_auc_std", "rounds", "seconds"),
        grid));
    artifacts.put("evaluation/feature_gain.csv", RunRecords.csv(List.of("feature", "total_gain"),
        gain.entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList()));
    artifacts.put("config.conf", spec.configText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] cardJson;
    try {
      artifacts.put("feature_catalog.json", JSON.writeValueAsBytes(Map.of("version", catalog.version(),
          "features", features.stream().map(f -> catalog.find(f).map(d -> Map.of("name", d.name(), "group", d.group(),
              "description", d.description(), "type", d.type().name())).orElse(Map.of("name", f, "group", "",
              "description", "", "type", ""))).toList())));
      cardJson = JSON.writeValueAsBytes(card);
      artifacts.put("model_card.json", cardJson);
      // the model the MLflow way (MLmodel, XGBoost JSON, signature, example) beside the Spark model for scoring
      // the deployed fit (refitted on train + holdout when it was), the one the Java scorer uses; read back from
      // its folder because the evaluated fit's native booster belongs to the saved wrapper by now
      XGBoostClassificationModel deployed = (XGBoostClassificationModel) XGBoostClassificationModel.load(
          modelPath + "/xgboost");
      byte[] deployedJson = deployed.nativeBooster().booster().toByteArray("json");
      java.lang.ref.Reference.reachabilityFence(deployed);
      artifacts.putAll(MlflowModel.files(deployedJson, features,
          RunRecords.exampleRows(split.holdout(), 5), cardJson, Instant.now().toString()));
    } catch (IOException | ml.dmlc.xgboost4j.java.XGBoostError e) {
      throw TrainingErrors.cannot("write the run's model and JSON artifacts", e);
    }
    artifacts.putAll(ModelFiles.read(modelPath + "/xgboost", MlflowModel.ARTIFACT_PATH + "/xgboost"));

    RunRecord.Dataset trainingSet = RunRecords.deltaDataset(Table.TRAINING_SET.tableName(),
        tables.path(Table.TRAINING_SET), split.inputVersion(), features,
        split.trainRows() + split.holdout().rows());
    RunRecord run = new RunRecord(runId, s.experiment(),
        RunRecords.runName(recorder.context().configName(), spec.batchDate(), card.version(), decisionWord), started,
        System.currentTimeMillis(), params, metrics, tags, List.copyOf(artifacts.keySet()),
        new RunRecord.ModelRegistration(s.registeredModel(), MlflowModel.ARTIFACT_PATH,
            decision.verdict() == PromotionPolicy.Verdict.REJECTED ? null : decisionWord, card.version()),
        List.of(trainingSet));
    return recorder.record(run, artifacts);
  }
}
