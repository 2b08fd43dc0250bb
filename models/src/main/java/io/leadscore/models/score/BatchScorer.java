package io.leadscore.models.score;

import io.leadscore.models.registry.Stack;
import io.leadscore.models.registry.Calibration;
import io.leadscore.models.ModelsErrors;
import java.io.IOException;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores row-major float batches with the native booster: probability, score, tier and (optionally)
 * reasons from the SHAP contributions of the same batch. One instance per thread: it owns a native booster
 * with one thread, parallelism comes from Spark's tasks.
 */
public final class BatchScorer implements AutoCloseable {
  /** One lead's score. */
  public record Scored(double probability, int score, String tier, List<String> reasons, String action) {}

  private final Booster booster;
  private final int width;
  private final int treeLimit;
  private final Calibration calibration;
  private final Stack stack;
  private final int[] ruleColumns;
  private final ReasonText reasons;
  private final TierRule tiers;

  /** @param reasons null to score without reasons (no SHAP contributions computed) */
  public BatchScorer(ScoringModel model, ReasonText reasons, TierRule tiers) {
    try {
      this.booster = XGBoost.loadModel(model.booster());
      booster.setParam("nthread", 1);
    } catch (XGBoostError | IOException e) {
      throw ModelsErrors.wrap("Cannot load the native booster of model " + model.name() + " v"
          + model.version() + ": " + e.getMessage() + " (re-train or re-register the model)", e);
    }
    this.width = model.features().size();
    this.treeLimit = model.treeLimit();
    this.calibration = model.calibration();
    this.stack = model.stack();
    this.ruleColumns = stack.columns(model.features());
    this.reasons = reasons;
    this.tiers = tiers;
  }

  public int width() {
    return width;
  }

  /**
   * @param data  {@code rows * width} values, row-major, NaN for missing
   * @param exact the same values as doubles, for the reason texts (a reason shows the lead's real value,
   *              not its float32 rounding that XGBoost sees); null to use {@code data}
   * @return one score per row
   */
  public Scored[] score(float[] data, double[] exact, int rows) {
    return score(data, exact, rows, tiers);
  }

  /** As {@link #score(float[], double[], int)}, with another tier rule (the online scorer's, per call). */
  public Scored[] score(float[] data, double[] exact, int rows, TierRule tiers) {
    Scored[] out = new Scored[rows];
    try {
      // a stacked model combines margins: the booster's margin, not its probability
      int[] range = {0, treeLimit};
      float[][] p = stack.isNone()
          ? (treeLimit > 0 ? booster.inplace_predict(data, rows, width, Float.NaN, range)
              : booster.inplace_predict(data, rows, width, Float.NaN))
          : booster.inplace_predict(data, rows, width, Float.NaN, range, Booster.PredictionType.kMargin, null);
      float[][] contrib = null;
      if (reasons != null) {
        DMatrix m = new DMatrix(data, rows, width, Float.NaN);
        try {
          contrib = booster.predictContrib(m, treeLimit);
        } finally {
          m.dispose();
        }
      }
      double[] x = exact != null ? exact : floats(data, rows);
      double[] shap = new double[width + 1];
      double[] c = new double[width + 1];
      double[] v = new double[width];
      for (int r = 0; r < rows; r++) {
        // calibration maps the probability only: the contributions below still sum to the (stacked) margin
        double raw = stack.isNone() ? p[r][0]
            : Calibration.sigmoid(stack.margin(p[r][0], x, r * width, ruleColumns));
        double prob = calibration.apply(raw);
        int score = ScoreTiers.score(prob);
        String tier = tiers.tier(prob);
        ReasonText.Explained why = new ReasonText.Explained(List.of(), "");
        if (contrib != null) {
          for (int k = 0; k <= width; k++) {
            shap[k] = contrib[r][k];
          }
          stack.contributions(shap, x, r * width, ruleColumns, c);
          System.arraycopy(x, r * width, v, 0, width);
          why = reasons.explain(c, v, tier);
        }
        out[r] = new Scored(prob, score, tier, why.reasons(), why.action());
      }
      return out;
    } catch (XGBoostError e) {
      throw ModelsErrors.wrap("Native XGBoost prediction failed on a batch of " + rows + " rows: "
          + e.getMessage(), e);
    }
  }

  private static double[] floats(float[] data, int rows) {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i];
    }
    return out;
  }

  @Override
  public void close() {
    booster.dispose();
  }
}
