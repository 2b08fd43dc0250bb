package io.leadscore.training.spark;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.engine.DriverMemory;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.features.gold.LeakageReport;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.training.spark.EvaluateOnHoldout.Evaluation;
import io.leadscore.training.spark.JudgeCandidate.Judgement;
import io.leadscore.training.spark.SaveModelVersion.SavedModel;
import io.leadscore.training.spark.TuneParameters.Tuning;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.training.xgb.CrossValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains XGBoost on {@code training_set}: the parameter search (grid or random) by lead-grouped k-fold CV with
 * early stopping, calibration on the out-of-fold predictions,
 * the final model on all training rows with the CV's round count, evaluation on the holdout (out of
 * time, or by lead hash for a single-snapshot export), registration, the champion/challenger decision on
 * the same holdout, and the run recorded (locally, and in MLflow when configured).
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  /** What a run needs beyond settings: label horizon, batch date, and the config to record (no secrets). */
  public record Spec(TrainingSettings settings, int horizonDays, String batchDate, String configText) {}

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;
  private final RunRecorder recorder;
  private LeakageReport leakage;
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
  public TrainJob withLeakageReport(LeakageReport report) {
    this.leakage = report;
    return this;
  }

  /** The driver-heap budget to decide the engine with (tests); by default this JVM's max heap and the configured share. */
  public TrainJob withDriverMemory(DriverMemory memory) {
    this.memory = memory;
    return this;
  }

  /**
   * The run as its steps: load and split, the leakage check of single features, CV, the final fit judged on
   * the holdout, the champion/challenger decision, the model folder, the registration, the run record.
   */
  public TrainResult run(Spec spec) {
    TrainingSettings s = spec.settings();
    long started = System.currentTimeMillis();
    List<String> features = catalog.names();
    // a rule on a feature the catalogue lacks is a configuration error: say so before loading any row
    s.ensemble().requireFeatures(features);
    TrainingData.Split split = TrainingData.load(spark, tables, features, s, spec.horizonDays(),
        memory != null ? memory : DriverMemory.ofThisJvm(s.engine().driverHeapShare()));
    LOG.info("Training on {} rows: {}", split.trainRows(), split.engine().reason());
    BoosterSetup setup = BoosterSetup.of(s, split);
    if (split.engine().distributed() && s.fit().negativeSampleRate() < 1) {
      // engine = auto chose distributed for this many rows: say so rather than train on every row unannounced
      throw io.leadscore.training.TrainingErrors.of("'leadscore.training.negative_sample_rate' is %s but %s, which "
          + "does not sample; set the rate to 1, or raise leadscore.training.driver_heap_share so training runs natively",
          s.fit().negativeSampleRate(), split.engine().reason());
    }
    try (Trainer trainer = split.engine().distributed()
        ? new DistributedTrainer(spark, split, s, setup.scalePosWeight())
        : new NativeTrainer(split.train(), s.cv().folds(), s.cv().earlyStoppingRounds(), s.cv().topFraction(),
            new io.leadscore.training.xgb.NegativeSampling(s.fit().negativeSampleRate(), s.cv().seed()))) {
      List<String> featureAlarms = singleFeatureAlarms(s, trainer, features);
      Tuning tuning = TuneParameters.run(trainer, s, setup, features, features.stream().map(catalog::get).toList());
      Evaluation eval = EvaluateOnHoldout.run(trainer, tuning, split.holdout(), s, features);
      Judgement judgement = new JudgeCandidate(catalog, registry).run(s, eval, split.holdout(), featureAlarms);
      SavedModel saved = new SaveModelVersion(spark, tables, catalog, registry)
          .run(spec, split, trainer, tuning, eval, judgement.decision());
      ModelCard card = new RegisterModel(catalog, registry)
          .run(s, split, trainer, tuning, eval, judgement.decision(), saved);
      TrainedRun trained = new TrainedRun(spec, split, tuning, eval, judgement, card, UUID.randomUUID().toString(),
          started);
      RunRecorder.Outcome outcome = new RecordRun(tables, catalog, recorder).run(trained);
      LOG.info("Run {} recorded: {}", trained.runId(), outcome.describe());
      eval.fit().booster().dispose();
      return summary(trained, outcome, trainer.engine());
    }
  }

  /** Each feature's own AUC above the threshold: from the features stage, or measured on the training rows. */
  private List<String> singleFeatureAlarms(TrainingSettings s, Trainer trainer, List<String> features) {
    LeakageReport report = leakage != null ? leakage.withThreshold(s.leakage().aucThreshold())
        : new LeakageReport(s.leakage().aucThreshold(), trainer.rows(), trainer.singleFeatureAuc(catalog, features));
    return report.alarmTexts();
  }

  private static TrainResult summary(TrainedRun t, RunRecorder.Outcome outcome, String engine) {
    CrossValidation.Result cv = t.tuning().cv();
    CrossValidation.Point best = cv.best();
    FoldMetrics hold = t.eval().holdout();
    Map<String, Double> cvMean = new LinkedHashMap<>();
    Map<String, Double> cvStd = new LinkedHashMap<>();
    for (String key : hold.asMap().keySet()) {
      cvMean.put(key, FoldMetrics.mean(best.folds(), f -> f.asMap().get(key)));
      cvStd.put(key, FoldMetrics.std(best.folds(), f -> f.asMap().get(key)));
    }
    TrainingData.Split split = t.split();
    Judgement j = t.judgement();
    return new TrainResult(
        new TrainResult.Data(split.trainRows(), split.holdout().rows(), split.holdoutKind(), split.describeHoldout()),
        new TrainResult.Cv(best.folds(), best.meanAuc(), FoldMetrics.std(best.folds(), FoldMetrics::auc), cvMean,
            cvStd, cv.points().size(), cv.fits() + 1, cv.seconds()),
        hold,
        new TrainResult.Model(t.tuning().chosen().label(), t.tuning().chosen().numRound(), t.card().version(),
            j.decision().promoted(), j.decision().toString(), j.alarms(), t.spec().settings().fit().search().describe(),
            t.eval().kept().ensemble()),
        new TrainResult.Engine(engine, t.tuning().cvMode(), split.engine().reason()),
        new TrainResult.Run(t.runId(), outcome.describe(), outcome.undelivered()),
        new TrainResult.Probabilities(t.eval().kept().calibration().describe(), t.eval().ece().bins(),
            t.eval().ece().calibrated(), t.eval().ece().uncalibrated()));
  }
}
