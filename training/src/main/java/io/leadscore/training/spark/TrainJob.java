package io.leadscore.training.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.features.LeadscoreException;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.metrics.BinaryMetrics;
import io.leadscore.training.metrics.FoldMetrics;
import io.leadscore.training.registry.ModelCard;
import io.leadscore.training.registry.ModelRegistry;
import java.io.IOException;
import java.sql.Date;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains XGBoost on {@code training_set}: k-fold CV with folds assigned by lead, an out-of-time holdout
 * (the latest snapshots, with training snapshots whose label window reaches into the holdout left out),
 * then registers the model and decides on promotion against the champion on the same holdout.
 */
public final class TrainJob {
  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;

  public TrainJob(SparkSession spark, Tables tables, FeatureCatalog catalog, ModelRegistry registry) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
  }

  public TrainResult run(TrainingSettings s, int horizonDays) {
    String path = tables.path(Table.TRAINING_SET);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw LeadscoreException.of("No training set at %s: run `leadscore features` for the batch date first", path);
    }
    long inputVersion = DeltaTable.forPath(spark, path).history(1).first().getAs("version");
    Dataset<Row> all = spark.read().format("delta").option("versionAsOf", inputVersion).load(path);
    List<Date> dates = all.select("as_of_date").distinct().orderBy(col("as_of_date").desc())
        .as(org.apache.spark.sql.Encoders.DATE()).collectAsList();
    if (dates.size() <= s.holdoutSnapshots()) {
      throw LeadscoreException.of("The training set has %d snapshot date(s); need more than holdout_snapshots=%d. "
          + "Widen leadscore.snapshots.lookback_days or generate a longer history.", dates.size(), s.holdoutSnapshots());
    }
    Date holdoutFrom = dates.get(s.holdoutSnapshots() - 1);
    // a training snapshot's label window [D, D + horizon) must close before the holdout starts
    Date trainUntil = Date.valueOf(holdoutFrom.toLocalDate().minusDays(horizonDays));
    List<String> features = catalog.names();
    Dataset<Row> vectors = FeatureVectors.assemble(all, features)
        .withColumn("fold", pmod(xxhash64(col("lead_id"), lit(s.seed())), lit(s.folds())))
        .select("lead_id", "as_of_date", "fold", "label", FeatureVectors.COLUMN);
    Dataset<Row> train = vectors.filter(col("as_of_date").leq(trainUntil)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> holdout = vectors.filter(col("as_of_date").geq(holdoutFrom)).persist(StorageLevel.MEMORY_AND_DISK());
    long trainRows = train.count();
    long holdoutRows = holdout.count();
    if (trainRows == 0 || holdoutRows == 0) {
      throw LeadscoreException.of("Empty split: %d training rows (<= %s), %d holdout rows (>= %s)", trainRows,
          trainUntil, holdoutRows, holdoutFrom);
    }
    try {
      List<FoldMetrics> folds = new ArrayList<>();
      for (int k = 0; k < s.folds(); k++) {
        XGBoostClassificationModel m = XgbFactory.classifier(s).fit(train.filter(col("fold").notEqual(k)));
        folds.add(evaluate(m, train.filter(col("fold").equalTo(k)), s.topFraction()));
      }
      XGBoostClassificationModel model = XgbFactory.classifier(s).fit(train);
      FoldMetrics hold = evaluate(model, holdout, s.topFraction());

      int version = registry.versions().stream().mapToInt(ModelCard::version).max().orElse(0) + 1;
      String modelPath = registry.modelPath(version);
      model.write().overwrite().save(modelPath + "/xgboost");
      ModelCard card = registry.register(new ModelCard(0, "leadscore", Instant.now().toString(), modelPath, features,
          catalog.version(), dates.get(dates.size() - 1).toString(), trainUntil.toString(), holdoutFrom.toString(),
          s.seed(), XgbFactory.params(s), Map.of("cv_auc", FoldMetrics.mean(folds, FoldMetrics::auc),
              "holdout_auc", hold.auc(), "precision_at_20", hold.precisionAtTop(), "lift_at_20", hold.liftAtTop()),
          Map.of(Table.TRAINING_SET.tableName(), inputVersion)));

      String decision = decide(s, hold, holdout);
      boolean promoted = decision.startsWith("promoted");
      if (promoted) {
        registry.promote(card.version(), decision);
      }
      return new TrainResult(trainRows, holdoutRows, folds, FoldMetrics.mean(folds, FoldMetrics::auc),
          FoldMetrics.std(folds, FoldMetrics::auc), hold, card.version(), promoted, decision);
    } catch (IOException e) {
      throw new LeadscoreException("Cannot save the trained model under " + tables.modelsDir() + ": " + e.getMessage(), e);
    } finally {
      train.unpersist();
      holdout.unpersist();
    }
  }

  private String decide(TrainingSettings s, FoldMetrics hold, Dataset<Row> holdout) {
    if (!(hold.auc() >= s.aucFloor())) {
      return String.format("challenger: holdout AUC %.4f is below the floor %.4f", hold.auc(), s.aucFloor());
    }
    if (!(hold.precisionAtTop() >= s.precisionFloor())) {
      return String.format("challenger: precision@top %.4f is below the floor %.4f", hold.precisionAtTop(),
          s.precisionFloor());
    }
    Optional<ModelCard> champion = registry.champion();
    if (champion.isEmpty()) {
      return String.format("promoted: first model (holdout AUC %.4f)", hold.auc());
    }
    double championAuc = championAuc(champion.get(), holdout);
    if (Double.isNaN(championAuc)) {
      return String.format("promoted: champion v%d cannot score this holdout (different features)",
          champion.get().version());
    }
    if (hold.auc() >= championAuc + s.minAucGain()) {
      return String.format("promoted: holdout AUC %.4f >= champion v%d %.4f + min gain %.4f", hold.auc(),
          champion.get().version(), championAuc, s.minAucGain());
    }
    return String.format("challenger: holdout AUC %.4f < champion v%d %.4f + min gain %.4f", hold.auc(),
        champion.get().version(), championAuc, s.minAucGain());
  }

  private double championAuc(ModelCard champion, Dataset<Row> holdout) {
    if (!champion.features().equals(catalog.names())) {
      return Double.NaN;
    }
    XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(champion.path() + "/xgboost");
    return evaluate(m, holdout, 0.2).auc();
  }

  static FoldMetrics evaluate(XGBoostClassificationModel m, Dataset<Row> rows, double topFraction) {
    List<Row> scored = m.transform(rows).select(FeatureVectors.positiveProbability(), col("label")).collectAsList();
    double[] p = new double[scored.size()];
    double[] y = new double[scored.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = scored.get(i).getDouble(0);
      y[i] = scored.get(i).getDouble(1);
    }
    return FoldMetrics.of(BinaryMetrics.of(p, y), topFraction, new double[p.length]);
  }
}
