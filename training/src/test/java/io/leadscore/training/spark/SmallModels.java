package io.leadscore.training.spark;

import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small, deterministic XGBoost model for tests that need a model to score with, not a trained nightly: one worker,
 * one thread, seed 3 (the golden reasons of ScoreJobTest were reviewed on exactly this model).
 */
public final class SmallModels {
  private SmallModels() {}

  /** Fits {@code rounds} trees of {@code depth} on the rows' {@code features} and their {@code label}. */
  public static XGBoostClassificationModel fit(Dataset<Row> rows, List<String> features, int rounds, int depth) {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setObjective("binary:logistic");
    x.setTreeMethod("hist");
    x.setNumRound(rounds);
    x.setMaxDepth(depth);
    x.setNumWorkers(1);
    x.setNthread(1);
    x.setMissing(Float.NaN);
    x.setVerbosity(0);
    x.setSeed(3);
    x.setFeaturesCol(FeatureVectors.COLUMN);
    x.setLabelCol("label");
    return x.fit(FeatureVectors.assemble(rows, features));
  }
}
