package io.leadscore.training.spark;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.LeakageReport;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.training.BoosterSetup;
import io.leadscore.training.SavedModels;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainSpec;
import io.leadscore.training.Trainer;
import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.training.TrainingRun;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.TrainingSplit;
import io.leadscore.training.engine.DriverMemory;
import java.util.List;
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
   * The run: the training set loaded and split (the row counts choose the engine), the trainer on that engine, then
   * the steps of {@link TrainingRun} with the model folders written and read through Spark ML.
   */
  public TrainResult run(TrainSpec spec) {
    TrainingSettings s = spec.settings();
    long started = System.currentTimeMillis();
    List<String> features = catalog.names();
    // a rule on a feature the catalogue lacks is a configuration error: say so before loading any row
    s.ensemble().requireFeatures(features);
    TrainingData.Loaded loaded = TrainingData.load(spark, tables, features, s, spec.horizonDays(),
        memory != null ? memory : DriverMemory.ofThisJvm(s.engine().driverHeapShare()));
    TrainingSplit split = loaded.split();
    LOG.info("Training on {} rows: {}", split.trainRows(), split.engine().reason());
    if (split.engine().distributed() && s.fit().negativeSampleRate() < 1) {
      // engine = auto chose distributed for this many rows: say so rather than train on every row unannounced
      throw TrainingErrors.of("'leadscore.training.negative_sample_rate' is %s but %s, which "
          + "does not sample; set the rate to 1, or raise leadscore.training.driver_heap_share so training runs natively",
          s.fit().negativeSampleRate(), split.engine().reason());
    }
    SavedModels models = new SparkSavedModels(spark, tables, catalog, registry, loaded.frames().keys());
    try (Trainer trainer = split.engine().distributed()
        ? new DistributedTrainer(spark, loaded, s, BoosterSetup.of(s, split).scalePosWeight())
        : Trainer.onDriver(split.train(), s)) {
      return new TrainingRun(tables, catalog, registry, recorder, models).run(spec, split, trainer, leakage, started);
    }
  }
}
