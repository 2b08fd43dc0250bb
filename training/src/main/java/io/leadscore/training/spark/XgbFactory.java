package io.leadscore.training.spark;

import static io.leadscore.core.Columns.LABEL;

import io.leadscore.training.search.XgbParams;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.util.Identifiable;
import scala.Option;

/**
 * The bridge between the hyper-parameters and xgboost4j-spark: the estimator for Spark fits, and the
 * Spark model around a booster trained on the driver (so scoring loads one model type either way).
 */
public final class XgbFactory {
  private XgbFactory() {}

  /** An xgboost4j-spark estimator; {@code workers} barrier tasks with one thread each. */
  public static XGBoostClassifier classifier(XgbParams p, double scalePosWeight, long seed, int workers) {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setObjective("binary:logistic");
    x.setTreeMethod("hist");
    x.setNumRound(p.numRound());
    x.setMaxDepth(p.maxDepth());
    x.setEta(p.eta());
    x.setMinChildWeight(p.minChildWeight());
    x.setSubsample(p.subsample());
    x.setColsampleBytree(p.colsampleBytree());
    x.setLambda(p.lambda());
    x.setAlpha(p.alpha());
    x.setScalePosWeight(scalePosWeight);
    x.setSeed(seed);
    // xgboost4j-spark requires nthread <= spark.task.cpus (1 by default): parallelism comes from one
    // barrier task per worker
    x.setNumWorkers(workers);
    x.setNthread(1);
    x.setMissing(Float.NaN);
    x.setVerbosity(0);
    x.setFeaturesCol(FeatureVectors.COLUMN);
    x.setLabelCol(LABEL);
    return x;
  }

  /** A Spark model around a booster trained with xgboost4j on the driver; saved and scored like a Spark fit. */
  public static XGBoostClassificationModel wrap(Booster booster) {
    XGBoostClassificationModel m = new XGBoostClassificationModel(Identifiable.randomUID("xgbc"), 2,
        new ml.dmlc.xgboost4j.scala.Booster(booster), Option.empty());
    m.setFeaturesCol(FeatureVectors.COLUMN);
    m.setMissing(Float.NaN);
    return m;
  }
}
