package io.leadscore.training.spark;

import io.leadscore.training.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;

/** Builds the XGBoost estimator from settings; the same parameters are logged as the run's params. */
public final class XgbFactory {
  private XgbFactory() {}

  public static Map<String, Object> params(TrainingSettings s) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "binary:logistic");
    p.put("tree_method", "hist");
    p.put("num_round", s.numRound());
    p.put("max_depth", s.maxDepth());
    p.put("eta", s.eta());
    p.put("min_child_weight", s.minChildWeight());
    p.put("subsample", s.subsample());
    p.put("colsample_bytree", s.colsampleBytree());
    p.put("seed", s.seed());
    p.put("num_workers", s.effectiveThreads());
    p.put("nthread", 1);
    return p;
  }

  public static XGBoostClassifier classifier(TrainingSettings s) {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setObjective("binary:logistic");
    x.setTreeMethod("hist");
    x.setNumRound(s.numRound());
    x.setMaxDepth(s.maxDepth());
    x.setEta(s.eta());
    x.setMinChildWeight(s.minChildWeight());
    x.setSubsample(s.subsample());
    x.setColsampleBytree(s.colsampleBytree());
    x.setSeed(s.seed());
    // xgboost4j-spark requires nthread <= spark.task.cpus (1 by default): parallelism comes from one
    // barrier task per worker, so workers = the configured threads (default: every core)
    x.setNumWorkers(s.effectiveThreads());
    x.setNthread(1);
    x.setMissing(Float.NaN);
    x.setVerbosity(0);
    x.setFeaturesCol(FeatureVectors.COLUMN);
    x.setLabelCol("label");
    return x;
  }
}
