package io.leadscore.training.spark;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.DeployedScores;
import io.leadscore.training.EvaluateOnHoldout;
import io.leadscore.training.SavedModels.SavedModel;
import io.leadscore.training.TrainSpec;
import io.leadscore.training.Trainer;
import io.leadscore.training.TrainingSplit;
import io.leadscore.training.TuneParameters;
import io.leadscore.training.xgb.Rows;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Claims a version folder and writes the model into it: the evaluated and deployed fits (the deployed one
 * refitted with the holdout unless the model is rejected or no refit is configured), a static export's
 * out-of-fold models, and the reference distributions the monitor compares each night with.
 */
final class SaveModelVersion {
  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;
  private final Dataset<Row> keys;

  /** @param keys the split's lead keys ({@link TrainingData.Frames#keys()}), for a static export's out-of-fold routes */
  SaveModelVersion(SparkSession spark, Tables tables, FeatureCatalog catalog, ModelRegistry registry,
                   Dataset<Row> keys) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
    this.keys = keys;
  }

  SavedModel run(TrainSpec spec, TrainingSplit split, Trainer trainer, TuneParameters.Tuning tuning,
                 EvaluateOnHoldout.Evaluation eval, PromotionPolicy.Decision decision) {
    TrainingSettings s = spec.settings();
    Rows holdout = split.holdout();
    int version = registry.claim();
    String modelPath = registry.modelPath(version);
    int rounds = tuning.chosen().numRound();
    // what the monitor compares each night with: the open leads on the training date (the population the model
    // scores), their features and the deployed model's scores of them; without features for that date, the
    // training rows (the holdout with the distributed engine, whose training rows never reach the driver) and the
    // holdout's scores
    List<String> features = catalog.names();
    Optional<List<double[]>> open = OpenLeadsSample.columns(spark, tables, spec.batchDate(), features, s.cv().seed());
    AtomicReference<double[]> deployedScores = new AtomicReference<>();
    Map<String, Object> fits;
    try {
      fits = ModelVersionWriter.save(spark, modelPath, eval.fit(), split, keys,
          s.fit().refitWithHoldout() && decision.verdict() != PromotionPolicy.Verdict.REJECTED
              ? () -> trainer.refit(tuning.chosen(), tuning.booster(), rounds, holdout) : null,
          rounds, tuning.cv().bestFits(),
          deployed -> open.ifPresent(cols -> deployedScores.set(DeployedScores.of(deployed, cols, eval.kept(),
              features))));
    } finally {
      tuning.cv().dispose();
    }
    Rows reference = split.train() != null ? split.train() : holdout;
    GoldFiles.write(ReferenceDistributions.path(modelPath), ReferenceDistributions.of(features.stream()
            .map(catalog::get).toList(), open.orElseGet(() ->
            IntStream.range(0, features.size()).mapToObj(reference::column).toList()),
        open.isPresent() ? ReferenceDistributions.OPEN_LEADS : ReferenceDistributions.TRAINING_ROWS,
        deployedScores.get() != null ? deployedScores.get() : eval.scores(),
        ReferenceDistributions.BINS, ReferenceDistributions.SAMPLE_SIZE, s.cv().seed()).toJson());
    return new SavedModel(version, modelPath, fits);
  }
}
