package io.leadscore.training.xgb;

import io.leadscore.training.errors.TrainingErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost on the driver through xgboost4j's Booster (no Spark job per fit): the per-fit overhead of
 * xgboost4j-spark (a barrier stage, a tracker, data conversion) is what dominates CV at lead-scoring
 * sizes, so CV and the final fit run here when the rows fit the driver.
 */
public final class NativeXgb {
  private NativeXgb() {}

  /** A fitted booster and the number of rounds early stopping kept. */
  public record Fit(Booster booster, int bestRounds) {}

  /**
   * Trains with early stopping on {@code valid} (the last watch) when given, else exactly
   * {@code rounds} rounds.
   */
  public static Fit fit(Rows train, Rows valid, Map<String, Object> params, int rounds, int earlyStoppingRounds) {
    try {
      DMatrix dtrain = matrix(train);
      Map<String, DMatrix> watches = new LinkedHashMap<>();
      DMatrix dvalid = null;
      if (valid != null && valid.rows() > 0) {
        dvalid = matrix(valid);
        watches.put("valid", dvalid);
      }
      float[][] history = new float[watches.size()][rounds];
      Booster b = XGBoost.train(dtrain, params, rounds, watches, history, null, null,
          dvalid == null ? 0 : earlyStoppingRounds);
      int best = rounds;
      String attr = b.getAttr("best_iteration");
      if (dvalid != null && attr != null) {
        best = Integer.parseInt(attr) + 1;
      }
      dtrain.dispose();
      if (dvalid != null) {
        dvalid.dispose();
      }
      return new Fit(b, best);
    } catch (XGBoostError e) {
      throw TrainingErrors.wrap("XGBoost training failed on " + train + ": " + e.getMessage(), e);
    }
  }

  /** Positive-class probabilities using the first {@code rounds} trees. */
  public static double[] predict(Fit fit, Rows rows) {
    try {
      DMatrix d = matrix(rows);
      // 0 trees = all of them (a loaded model)
      float[][] p = fit.booster().predict(d, false, fit.bestRounds());
      d.dispose();
      double[] out = new double[rows.rows()];
      for (int i = 0; i < out.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError e) {
      throw TrainingErrors.wrap("XGBoost prediction failed on " + rows + ": " + e.getMessage(), e);
    }
  }

  /** Total gain per feature (features never split on are 0). */
  public static Map<String, Double> gain(Booster b, List<String> features) {
    try {
      Map<String, Double> raw = b.getScore(features.toArray(String[]::new), "total_gain");
      Map<String, Double> out = new LinkedHashMap<>();
      for (String f : features) {
        out.put(f, raw.getOrDefault(f, 0.0));
      }
      return out;
    } catch (XGBoostError e) {
      throw TrainingErrors.cannot("read feature importance", e);
    }
  }

  static DMatrix matrix(Rows r) throws XGBoostError {
    DMatrix d = new DMatrix(r.x(), r.rows(), r.cols(), Float.NaN);
    d.setLabel(r.label());
    if (r.weight() != null) {
      d.setWeight(r.weight());
    }
    return d;
  }
}
