package io.leadscore.training.spark;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.EvaluateOnHoldout;
import io.leadscore.training.SavedModels;
import io.leadscore.training.TrainSpec;
import io.leadscore.training.TrainedRun;
import io.leadscore.training.Trainer;
import io.leadscore.training.TrainingSplit;
import io.leadscore.training.TuneParameters;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.training.xgb.Rows;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The model folders through Spark ML's XGBoost model writer and reader, for one run's split. */
final class SparkSavedModels implements SavedModels {
  private final ChampionComparison champion;
  private final SaveModelVersion save;
  private final RunArtifacts artifacts;

  /** @param keys the split's lead keys, for a static export's out-of-fold routes */
  SparkSavedModels(SparkSession spark, Tables tables, FeatureCatalog catalog, ModelRegistry registry,
                   Dataset<Row> keys) {
    this.champion = new ChampionComparison(catalog);
    this.save = new SaveModelVersion(spark, tables, catalog, registry, keys);
    this.artifacts = new RunArtifacts(catalog);
  }

  @Override
  public PromotionPolicy.Champion compare(ModelCard card, Rows holdout, double[] candidate) {
    return champion.compare(card, holdout, candidate);
  }

  @Override
  public SavedModel save(TrainSpec spec, TrainingSplit split, Trainer trainer, TuneParameters.Tuning tuning,
                         EvaluateOnHoldout.Evaluation eval, PromotionPolicy.Decision decision) {
    return save.run(spec, split, trainer, tuning, eval, decision);
  }

  @Override
  public Map<String, byte[]> artifacts(TrainedRun run) {
    return artifacts.of(run);
  }
}
