package io.leadscore.training.ensemble;

import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.registry.LinearModel;
import io.leadscore.training.xgb.Rows;
import java.util.List;

/**
 * The stacked model's logistic regression fitted on rows held on the driver: each input standardised by its
 * weighted mean and standard deviation over the rows that have it. A missing value reads as the input's mean
 * (its term is 0, it moves nothing: XGBoost learns what missingness means, and the catalogue's {@code _missing}
 * indicator inputs give the regression the fact as an input of its own), except for inputs the catalogue reads
 * as zero when missing ({@code missing: zero}), which read as 0 as they do everywhere else. A categorical input
 * (a level code) first becomes its level's smoothed log-odds among these rows ({@link LinearModel#levels}): codes
 * are numbered by frequency, and a line through them meant little (X Education: 0.79 CV AUC for the regression
 * alone, 0.85 encoded; dev/xeducation-ceiling.md).
 */
public final class LinearPart {
  private LinearPart() {}

  /** Pseudo-rows of the overall rate mixed into each level's log-odds: a rare level stays near the prior. */
  static final double SMOOTHING = 20;

  public static LinearModel fit(Rows rows, List<FeatureDefinition> definitions, double l2) {
    int d = rows.cols();
    double[] center = new double[d];
    double[] scale = new double[d];
    double[] fill = new double[d];
    double[][] levels = new double[d][];
    boolean any = false;
    for (int j = 0; j < d; j++) {
      if (definitions.get(j).type() == FeatureDefinition.Type.CATEGORY) {
        levels[j] = levelLogOdds(rows, j);
        any = true;
      }
    }
    double[][] tables = any ? levels : null;
    // one pass over the rows in their (row-major) order, every input's sums at once: a pass per input strode
    // through the whole matrix once per column (a stacked model fits five of these on millions of rows)
    double[] sw = new double[d];
    double[] s = new double[d];
    double[] ss = new double[d];
    float[] x = rows.x();
    for (int i = 0; i < rows.rows(); i++) {
      double w = rows.weightOf(i);
      for (int j = 0; j < d; j++) {
        float raw = x[i * d + j];
        if (!Float.isNaN(raw)) {
          double v = LinearModel.encoded(levels[j], raw);
          sw[j] += w;
          s[j] += w * v;
          ss[j] += w * v * (double) v;
        }
      }
    }
    for (int j = 0; j < d; j++) {
      center[j] = sw[j] > 0 ? s[j] / sw[j] : 0;
      double var = sw[j] > 0 ? ss[j] / sw[j] - center[j] * center[j] : 0;
      // a constant (or never present) input: scale 1 keeps its z at 0 rather than dividing by nothing
      scale[j] = var > 1e-12 ? Math.sqrt(var) : 1;
      fill[j] = definitions.get(j).missing() == FeatureDefinition.Missing.ZERO ? 0 : center[j];
    }
    LinearModel standardise = new LinearModel(center, scale, fill, new double[d], 0, tables);
    double[] beta = LogisticFit.fit(rows.rows(), d, (i, out) -> {
      for (int j = 0; j < d; j++) {
        out[j] = standardise.z(j, x[i * d + j]);
      }
    }, rows.labels(), rows.weight(), l2);
    double[] coef = new double[d];
    System.arraycopy(beta, 1, coef, 0, d);
    return new LinearModel(center, scale, fill, coef, beta[0], tables);
  }

  /** Input j's codes as smoothed log-odds of the label among the rows that have it; last: the prior's, for unseen. */
  static double[] levelLogOdds(Rows rows, int j) {
    int d = rows.cols();
    int max = -1;
    for (int i = 0; i < rows.rows(); i++) {
      float v = rows.x()[i * d + j];
      if (!Float.isNaN(v) && v >= 0 && v == (int) v) {
        max = Math.max(max, (int) v);
      }
    }
    double[] n = new double[max + 1];
    double[] pos = new double[max + 1];
    double all = 0;
    double allPos = 0;
    for (int i = 0; i < rows.rows(); i++) {
      float v = rows.x()[i * d + j];
      if (!Float.isNaN(v) && v >= 0 && v == (int) v) {
        double w = rows.weightOf(i);
        n[(int) v] += w;
        pos[(int) v] += w * rows.label()[i];
        all += w;
        allPos += w * rows.label()[i];
      }
    }
    // the prior kept off 0 and 1 so that its log-odds stay finite on a one-class sample
    double prior = (allPos + 0.5) / (all + 1);
    double[] table = new double[max + 2];
    for (int c = 0; c <= max; c++) {
      double p = (pos[c] + SMOOTHING * prior) / (n[c] + SMOOTHING);
      table[c] = Math.log(p / (1 - p));
    }
    table[max + 1] = Math.log(prior / (1 - prior));
    return table;
  }

  /** Each row's margin. */
  public static double[] margins(LinearModel m, Rows rows) {
    double[] out = new double[rows.rows()];
    double[] row = new double[rows.cols()];
    for (int i = 0; i < out.length; i++) {
      copyRow(rows, i, row);
      out[i] = m.margin(row, 0);
    }
    return out;
  }

  static void copyRow(Rows rows, int i, double[] out) {
    for (int j = 0; j < rows.cols(); j++) {
      out[j] = rows.x()[i * rows.cols() + j];
    }
  }
}
