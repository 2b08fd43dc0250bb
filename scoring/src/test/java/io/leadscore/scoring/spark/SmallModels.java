package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small, deterministic XGBoost model for tests that need a model to score with, not a trained nightly: one worker,
 * one thread, seed 3 (the golden reasons of ScoreJobTest were reviewed on exactly this model). Fitted with
 * xgboost4j-spark itself, not the trainer: scoring's tests do not depend on the training module.
 */
public final class SmallModels {
  /** The input vector's column. */
  public static final String VECTOR = "features";

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
    x.setFeaturesCol(VECTOR);
    x.setLabelCol("label");
    return x.fit(vectors(rows, features));
  }

  /**
   * The features as one dense vector, a missing value as NaN (Spark's VectorAssembler would emit sparse vectors,
   * whose dropped zeros XGBoost reads as missing).
   */
  public static Dataset<Row> vectors(Dataset<Row> rows, List<String> features) {
    Column[] values = features.stream().map(f -> coalesce(col(f).cast("double"), lit(Double.NaN)))
        .toArray(Column[]::new);
    return rows.withColumn(VECTOR, org.apache.spark.ml.functions.array_to_vector(array(values)));
  }

  /** The positive class's probability in a classifier's output. */
  public static Column positiveProbability() {
    return org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1);
  }
}
